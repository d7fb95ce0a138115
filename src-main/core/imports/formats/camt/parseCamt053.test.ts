import { describe, expect, it } from 'vitest';
import { _parseAll, _utf8 } from '../shared/_parseTestSupport';
import { parseCamt053 } from './parseCamt053';

const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';

function camt(
  entries: string,
  { ns = NS, account = 'DE89370400440532013000', currency = 'EUR', extra = '' } = {},
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${ns}">\n<BkToCstmrStmt>\n<GrpHdr><MsgId>1</MsgId></GrpHdr>\n<Stmt>\n<Id>S1</Id>\n<Acct><Id><IBAN>${account}</IBAN></Id><Ccy>${currency}</Ccy></Acct>\n${entries}</Stmt>\n${extra}</BkToCstmrStmt>\n</Document>\n`;
}

const entry = (body: string) => `<Ntry>\n${body}\n</Ntry>\n`;
const booked = (amount: string, direction: string, rest = '') =>
  entry(
    `<Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${direction}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-02-02</Dt></BookgDt>${rest}`,
  );
const parse = (text: string, currency: 'EUR' | 'USD' = 'EUR') =>
  _parseAll(parseCamt053, _utf8(text), currency);

describe('parseCamt053', () => {
  it('signs amounts by CdtDbtInd and reads counterparty, remittance and reference', async () => {
    const details =
      '<NtryDtls><TxDtls><Refs><EndToEndId>E2E-1</EndToEndId></Refs><RltdPties><Dbtr><Nm>Payer</Nm></Dbtr><Cdtr><Nm>Shop</Nm></Cdtr></RltdPties>' +
      '<RmtInf><Ustrd>Invoice 12</Ustrd><Ustrd>and 13</Ustrd></RmtInf></TxDtls></NtryDtls>';
    const { rows, error } = await parse(
      camt(booked('10.5', 'DBIT', details) + booked('0.01', 'CRDT', details)),
    );
    expect(error).toBeUndefined();
    expect(rows).toEqual([
      {
        line: 8,
        date: '2026-02-02',
        amount: -1050,
        payee: 'Shop',
        memo: 'Invoice 12 and 13',
        externalId: 'EndToEndId:E2E-1:2026-02-02:-1050',
        pending: false,
      },
      {
        line: 11,
        date: '2026-02-02',
        amount: 1,
        payee: 'Payer',
        memo: 'Invoice 12 and 13',
        externalId: 'EndToEndId:E2E-1:2026-02-02:1',
        pending: false,
      },
    ]);
  });

  it('prefers the bank reference, then NtryRef, and leaves the rest to the fingerprint', async () => {
    const { rows } = await parse(
      camt(
        booked('1', 'DBIT', '<AcctSvcrRef>BANK-1</AcctSvcrRef><NtryRef>7</NtryRef>') +
          booked('1', 'DBIT', '<NtryRef>7</NtryRef>') +
          booked(
            '1',
            'DBIT',
            '<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs></TxDtls></NtryDtls>',
          ),
      ),
    );
    expect(rows.map((row) => row.externalId)).toEqual([
      'BANK-1',
      'NtryRef:7:2026-02-02:-100',
      null,
    ]);
  });

  it('reads pending, future and information-only entries, and value dates', async () => {
    const pending = entry(
      '<Amt Ccy="EUR">5</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts><ValDt><DtTm>2026-02-03T23:30:00-05:00</DtTm></ValDt><AcctSvcrRef>R</AcctSvcrRef>',
    );
    const future = entry(
      '<Amt Ccy="EUR">6</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>FUTR</Cd></Sts><ValDt><Dt>2026-03-01</Dt></ValDt>',
    );
    const info = entry(
      '<Amt Ccy="EUR">7</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>INFO</Sts><ValDt><Dt>2026-03-01</Dt></ValDt>',
    );
    const { rows, warnings } = await parse(camt(pending + future + info));
    expect(rows).toMatchObject([
      { date: '2026-02-03', amount: -500, pending: true, externalId: 'pending:R' },
      { date: '2026-03-01', amount: -600, pending: true },
    ]);
    expect(warnings).toEqual([
      { line: 14, message: 'an information-only entry (Sts INFO), not a booking; skipped' },
    ]);
  });

  it('makes a batch one row with a payee only when every part shares it', async () => {
    const part = (name: string) =>
      `<TxDtls><RltdPties><Cdtr><Pty><Nm>${name}</Nm></Pty></Cdtr></RltdPties></TxDtls>`;
    const { rows } = await parse(
      camt(
        booked(
          '3',
          'DBIT',
          `<NtryDtls>${part('A')}${part('B')}</NtryDtls><AddtlNtryInf>BATCH</AddtlNtryInf>`,
        ) + booked('4', 'DBIT', `<NtryDtls>${part('A')}${part('A')}${part('A')}</NtryDtls>`),
      ),
    );
    expect(rows).toMatchObject([
      { amount: -300, payee: '', memo: 'BATCH · batch of 2 transactions' },
      { amount: -400, payee: 'A', memo: 'batch of 3 transactions' },
    ]);
  });

  it('accepts message versions 02 to 13 and namespace prefixes', async () => {
    for (const version of ['02', '04', '08', '13']) {
      const text = camt(booked('1', 'DBIT'), {
        ns: `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}`,
      })
        .replaceAll('<Document xmlns=', '<c:Document xmlns:c=')
        .replace(/<(\/?)(?!\?|c:Document)([A-Za-z])/g, '<$1c:$2');
      expect((await parse(text)).rows).toHaveLength(1);
    }
  });

  it('refuses other currencies, several accounts, and other camt messages', async () => {
    expect((await parse(camt(booked('1', 'DBIT'), { currency: 'USD' }), 'EUR')).error).toBe(
      'line 7: this statement is for an account in USD, but the account is in EUR',
    );
    expect((await parse(camt(booked('1', 'DBIT')), 'USD')).error).toBe(
      'line 7: this statement is for an account in EUR, but the account is in USD',
    );
    const second = '<Stmt><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct></Stmt>\n';
    expect((await parse(camt('', { extra: second }))).error).toBe(
      'line 9: this file holds statements for more than one account (account …3000 and account …4300); export one account at a time',
    );
    const report = camt('', { ns: 'urn:iso:std:iso:20022:tech:xsd:camt.052.001.02' });
    expect((await parse(report)).error).toBe(
      'line 2: this is a camt.052 intraday account report, not a camt.053 statement',
    );
    expect((await parse('<?xml version="1.0"?>\n<Invoice/>')).error).toBe(
      'line 2: this XML file is not a CAMT.053 statement (its root is <Invoice>)',
    );
  });

  it('names the line of a bad entry, and of a truncated or garbled file', async () => {
    expect((await parse(camt(booked('-1', 'DBIT')))).error).toBe(
      'line 9: Amt "-1" is negative; the direction belongs in CdtDbtInd',
    );
    expect((await parse(camt(booked('1', 'DR')))).error).toBe(
      'line 9: CdtDbtInd "DR" is neither CRDT nor DBIT',
    );
    expect((await parse(camt(booked('1.234', 'DBIT')))).error).toMatch(
      /^line 9: Amt "1.234" is not a EUR amount/,
    );
    expect(
      (await parse(camt(entry('<Amt Ccy="EUR">1</Amt><CdtDbtInd>DBIT</CdtDbtInd>')))).error,
    ).toBe('line 8: an entry (Ntry) without a booking date (BookgDt) or value date (ValDt)');
    const text = camt(booked('1', 'DBIT'));
    expect((await parse(text.slice(0, text.indexOf('</Ntry>')))).error).toBe(
      'line 9: the file ends before </Ntry> (opened on line 8); it looks truncated',
    );
    expect((await parse(text.replace('</BookgDt>', '</Bookg>'))).error).toBe(
      'line 9: </Bookg> does not fit: <BookgDt> (line 9) is still open',
    );
  });
});
