import { describe, expect, it } from 'vitest';
import { _parseAll, _utf8 } from '../shared/_parseTestSupport';
import { ofxDeclaredCharset, parseOfx } from './parseOfx';

const HEADER =
  'OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nENCODING:USASCII\r\nCHARSET:1252\r\n\r\n';

/** An OFX 1.x bank statement around the given STMTTRN lines. */
function sgml(
  transactions: string,
  { currency = 'USD', account = '000123456789', extra = '' } = {},
): string {
  return `${HEADER}<OFX>\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n<STMTRS>\n<CURDEF>${currency}\n<BANKACCTFROM>\n<BANKID>044000037\n<ACCTID>${account}\n<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n<BANKTRANLIST>\n${transactions}</BANKTRANLIST>\n</STMTRS>\n</STMTTRNRS>\n${extra}</BANKMSGSRSV1>\n</OFX>\n`;
}

const trn = (fields: string) => `<STMTTRN>\n${fields}\n</STMTTRN>\n`;
const parse = (text: string, currency: 'USD' | 'EUR' | 'JPY' = 'USD') =>
  _parseAll(parseOfx, _utf8(text), currency);

describe('parseOfx', () => {
  it('reads SGML data elements whether or not they are closed, and empty ones', async () => {
    const { rows, error } = await parse(
      sgml(
        trn(
          '<TRNTYPE>DEBIT\n<DTPOSTED>20260105\n<TRNAMT>-12,50\n<FITID>A1\n<NAME>\n<MEMO>no name</MEMO>',
        ) +
          trn(
            '<trntype>CREDIT<dtposted>20260106235959.123[+9:JST]<trnamt>+5.1000<fitid>A2<name>Lower case</name>',
          ),
      ),
    );
    expect(error).toBeUndefined();
    expect(rows).toEqual([
      {
        line: 19,
        date: '2026-01-05',
        amount: -1250,
        payee: '',
        memo: 'no name',
        externalId: 'A1',
        pending: false,
      },
      {
        line: 27,
        date: '2026-01-06',
        amount: 510,
        payee: 'Lower case',
        memo: '',
        externalId: 'A2',
        pending: false,
      },
    ]);
  });

  it('takes the payee from PAYEE/NAME when NAME is missing, and folds in the cheque number', async () => {
    const { rows } = await parse(
      sgml(
        trn(
          '<TRNTYPE>CHECK\n<DTPOSTED>20260105\n<TRNAMT>-100\n<FITID>C1\n<CHECKNUM>1043\n<PAYEE>\n<NAME>Dr Jones\n<ADDR1>1 Main St\n</PAYEE>',
        ),
      ),
    );
    expect(rows[0]).toMatchObject({ payee: 'Dr Jones', memo: 'Check 1043', amount: -10000 });
  });

  it('reads several statements for one account, and refuses several accounts, masking their numbers', async () => {
    const statement = (account: string, fitid: string) =>
      `<STMTTRNRS>\n<STMTRS>\n<CURDEF>USD\n<BANKACCTFROM>\n<BANKID>044000037\n<ACCTID>${account}\n<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n<BANKTRANLIST>\n${trn(`<DTPOSTED>20260105\n<TRNAMT>-1\n<FITID>${fitid}`)}</BANKTRANLIST>\n</STMTRS>\n</STMTTRNRS>\n`;
    const one = await parse(sgml('', { extra: statement('000123456789', 'X1') }));
    expect(one.rows.map((row) => row.externalId)).toEqual(['X1']);
    const two = await parse(sgml('', { extra: statement('99990000555', 'X1') }));
    expect(two.error).toBe(
      'line 25: this file holds statements for more than one account (account …6789 and account …0555); export one account at a time',
    );
  });

  it('refuses a statement in another currency than the account', async () => {
    expect(
      (await parse(sgml(trn('<DTPOSTED>20260105\n<TRNAMT>-1'), { currency: 'EUR' }))).error,
    ).toBe('line 12: this statement is in EUR, but the account is in USD');
    const foreign = trn(
      '<DTPOSTED>20260105\n<TRNAMT>-1\n<CURRENCY>\n<CURRATE>1.1\n<CURSYM>GBP\n</CURRENCY>',
    );
    expect((await parse(sgml(foreign))).error).toBe(
      'line 24: this transaction is in GBP, but the account is in USD',
    );
  });

  it('reads amounts in the currency’s decimals and refuses what would need rounding', async () => {
    expect(
      (await parse(sgml(trn('<DTPOSTED>20260105\n<TRNAMT>-1500'), { currency: 'JPY' }), 'JPY'))
        .rows[0]?.amount,
    ).toBe(-1500);
    expect((await parse(sgml(trn('<DTPOSTED>20260105\n<TRNAMT>-12.345')))).error).toBe(
      'line 21: TRNAMT "-12.345" is not a USD amount (USD allows at most 2 decimal places)',
    );
    expect((await parse(sgml(trn('<DTPOSTED>20260105\n<TRNAMT>twelve')))).error).toMatch(
      /^line 21: TRNAMT "twelve" is not a USD amount/,
    );
  });

  it('names the line of a missing or bad field', async () => {
    expect((await parse(sgml(trn('<DTPOSTED>20260105')))).error).toBe(
      'line 19: a transaction (STMTTRN) without an amount (TRNAMT)',
    );
    expect((await parse(sgml(trn('<TRNAMT>1')))).error).toBe(
      'line 19: a transaction (STMTTRN) without a date (DTPOSTED)',
    );
    expect((await parse(sgml(trn('<DTPOSTED>20260230\n<TRNAMT>1')))).error).toBe(
      'line 20: DTPOSTED "20260230" is not a date',
    );
  });

  it('refuses truncated and mis-nested files, naming the line', async () => {
    const text = sgml(trn('<DTPOSTED>20260105\n<TRNAMT>-1\n<FITID>T1'));
    expect((await parse(text.slice(0, text.indexOf('<FITID>') + 9))).error).toBe(
      'line 22: the file ends before </STMTTRN> (opened on line 19); it looks truncated',
    );
    expect(await parse(text.replace('</STMTTRN>', '')).then((result) => result.error)).toBe(
      'line 24: </BANKTRANLIST> closes <STMTTRN> (line 19), which was never closed',
    );
    expect((await parse(`${text}</STMTRS>\n`)).error).toBe(
      'line 29: </STMTRS> has no matching <STMTRS>',
    );
  });

  it('refuses investment statements, files without a statement, and files that are not OFX', async () => {
    const investment = `${HEADER}<OFX>\n<INVSTMTMSGSRSV1>\n<INVSTMTTRNRS>\n<INVSTMTRS>\n</INVSTMTRS>\n</INVSTMTTRNRS>\n</INVSTMTMSGSRSV1>\n</OFX>\n`;
    expect((await parse(investment)).error).toBe(
      'line 10: this OFX file holds an investment statement; Casike imports bank and credit-card statements',
    );
    const refused = `${HEADER}<OFX>\n<SIGNONMSGSRSV1>\n<SONRS>\n<STATUS>\n<CODE>15500\n<SEVERITY>ERROR\n<MESSAGE>Signon invalid\n</STATUS>\n</SONRS>\n</SIGNONMSGSRSV1>\n</OFX>\n`;
    expect((await parse(refused)).error).toBe(
      'line 17: this OFX file holds no bank or credit-card statement (the bank says: "Signon invalid")',
    );
    expect((await parse('Date,Amount\n2026-01-01,5\n')).error).toBe(
      'line 2: this is not an OFX file (no <OFX> element)',
    );
  });

  it('streams a large statement with bounded memory', async () => {
    const count = 60_000;
    async function* generated(): AsyncGenerator<Uint8Array> {
      yield _utf8(
        `${HEADER}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>\r\n`,
      );
      let piece = '';
      for (let index = 0; index < count; index += 1) {
        piece += `<STMTTRN>\r\n<TRNTYPE>DEBIT\r\n<DTPOSTED>20260105\r\n<TRNAMT>-${index % 500}.25\r\n<FITID>F${index}\r\n<NAME>${'PAYEE '.repeat(20)}\r\n<MEMO>${'MEMO '.repeat(40)}\r\n</STMTTRN>\r\n`;
        if (piece.length > 60_000) {
          yield await Promise.resolve(_utf8(piece));
          piece = '';
        }
      }
      yield _utf8(`${piece}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`);
    }
    const before = process.memoryUsage().heapUsed;
    let rows = 0;
    let peak = 0;
    for await (const row of parseOfx(generated(), { currency: 'USD', warn: () => undefined })) {
      rows += 1;
      if (row.externalId === 'F1') expect(row.amount).toBe(-125);
      if (rows % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(rows).toBe(count);
    // About 25 MB of input; what is held at any time is one piece and its rows.
    expect(peak).toBeLessThan(24 * 1024 * 1024);
  });
});

describe('ofxDeclaredCharset', () => {
  it('reads the 1.x header and the XML declaration', () => {
    expect(ofxDeclaredCharset('OFXHEADER:100\nENCODING:USASCII\nCHARSET:1252\n\n<OFX>')).toBe(
      'windows-1252',
    );
    expect(ofxDeclaredCharset('OFXHEADER:100\nENCODING:UTF-8\nCHARSET:NONE\n<OFX>')).toBe('utf-8');
    expect(ofxDeclaredCharset('OFXHEADER:100\nENCODING:USASCII\nCHARSET:ISO-8859-1\n<OFX>')).toBe(
      'iso-8859-1',
    );
    expect(ofxDeclaredCharset('OFXHEADER:100\nCHARSET:NONE\n<OFX>')).toBeUndefined();
    expect(
      ofxDeclaredCharset('<?xml version="1.0" encoding="UTF-8"?><?OFX OFXHEADER="200"?>'),
    ).toBe('UTF-8');
  });
});
