import { describe, expect, it } from 'vitest';
import { detectMapping } from './csvColumns';
import { normalizeHeader } from './csvHeaderNames';
import { detectDelimiter, findTable, looksLikeHeader } from './csvLayout';
import { CsvTokenizer, type CsvRecord } from './csvTokenizer';

const guess = (headers: string[] | null, rows: string[][], accountType?: string) =>
  detectMapping(headers, rows, { accountType });

describe('column roles by header name', () => {
  it('normalizes accents, case and punctuation', () => {
    expect(normalizeHeader("Date de l'opération")).toBe('date de l operation');
    expect(normalizeHeader('Empfänger/Zahlungspflichtiger')).toBe('empfanger zahlungspflichtiger');
    expect(normalizeHeader('Amount (GBP)')).toBe('amount gbp');
  });

  it.each([
    [
      'Spanish',
      ['Fecha', 'Fecha valor', 'Concepto', 'Importe', 'Saldo'],
      ['02/01/2026', '02/01/2026', 'MERCADONA', '-23,40', '1.234,56'],
      { date: 0, payee: 2, amount: { kind: 'signed', column: 3 } },
    ],
    [
      'Italian',
      ['Data contabile', 'Data valuta', 'Descrizione', 'Addebiti', 'Accrediti'],
      ['02/01/2026', '03/01/2026', 'ESSELUNGA', '23,40', ''],
      { date: 0, payee: 2, amount: { kind: 'debitCredit', debit: 3, credit: 4 } },
    ],
    [
      'French',
      ['Date opération', 'Libellé', 'Débit', 'Crédit'],
      ['02/01/2026', 'CARTE MONOPRIX', '23,40', ''],
      { date: 0, payee: 1, amount: { kind: 'debitCredit', debit: 2, credit: 3 } },
    ],
    [
      'German',
      [
        'Buchungstag',
        'Wert',
        'Begünstigter / Auftraggeber',
        'Verwendungszweck',
        'Soll',
        'Haben',
        'Währung',
      ],
      ['02.01.2026', '02.01.2026', 'REWE', 'Einkauf', '-23,40', '', 'EUR'],
      {
        date: 0,
        payee: 2,
        memo: [3],
        amount: { kind: 'debitCredit', debit: 4, credit: 5 },
        currency: 6,
      },
    ],
    [
      'Dutch',
      ['Datum', 'Naam / Omschrijving', 'Af Bij', 'Bedrag (EUR)', 'Mededelingen'],
      ['20260102', 'Albert Heijn', 'Af', '23,40', 'Pas 001'],
      { date: 0, payee: 1, memo: [4], amount: { kind: 'indicator', column: 3, indicator: 2 } },
    ],
    [
      'English',
      ['Transaction Date', 'Post Date', 'Description', 'Category', 'Type', 'Amount', 'Memo'],
      ['01/02/2026', '01/03/2026', 'STARBUCKS', 'Food & Drink', 'Sale', '-5.75', ''],
      { date: 0, payee: 2, memo: [6], amount: { kind: 'signed', column: 5 } },
    ],
  ])('%s', (_language, headers, row, expected) => {
    expect(guess(headers, [row, row]).mapping).toMatchObject(expected);
  });

  it('prefers a DR/CR indicator only when the amounts carry no sign', () => {
    const headers = ['Date', 'Details', 'Amount', 'Dr/Cr'];
    const unsigned = guess(headers, [
      ['2026-01-02', 'Fee', '5.00', 'DR'],
      ['2026-01-03', 'Interest', '1.00', 'CR'],
    ]);
    expect(unsigned.mapping.amount).toMatchObject({ kind: 'indicator', column: 2, indicator: 3 });
    const signed = guess(headers, [
      ['2026-01-02', 'Fee', '-5.00', 'DR'],
      ['2026-01-03', 'Interest', '1.00', 'CR'],
    ]);
    expect(signed.mapping.amount).toEqual({ kind: 'signed', column: 2, invert: false });
  });

  it('never takes a balance, a fee or a foreign amount for the amount', () => {
    const m = guess(
      ['Date', 'Payee', 'Balance', 'Original Amount', 'Amount'],
      [['2026-01-02', 'X', '100.00', '-9.00', '-8.00']],
    ).mapping;
    expect(m.amount).toMatchObject({ column: 4 });
  });

  it('takes an id column only when it is unique, one per row and has no spaces', () => {
    const rows = [
      ['2026-01-02', 'A', '-1.00', 'Card payment'],
      ['2026-01-03', 'B', '-2.00', 'Card payment'],
    ];
    expect(guess(['Date', 'Name', 'Amount', 'Reference'], rows).mapping.externalId).toBeNull();
    const ids = [
      ['2026-01-02', 'A', '-1.00', 'tx_00001'],
      ['2026-01-03', 'B', '-2.00', 'tx_00002'],
    ];
    expect(guess(['Date', 'Name', 'Amount', 'Transaction ID'], ids).mapping.externalId).toBe(3);
  });

  it('inverts purchases-positive card exports', () => {
    const rows = [
      ['01/02/2026', 'SHOP', '12.00'],
      ['01/03/2026', 'SHOP', '8.00'],
      ['01/04/2026', 'SHOP', '3.00'],
      ['01/05/2026', 'PAYMENT THANK YOU', '-20.00'],
    ];
    expect(guess(['Date', 'Description', 'Amount'], rows).mapping.amount).toMatchObject({
      invert: true,
    });
    const deposits = rows.map((r) => [r[0] ?? '', 'DEPOSIT', (r[2] ?? '').replace('-', '')]);
    expect(guess(['Date', 'Description', 'Amount'], deposits).mapping.amount).toMatchObject({
      invert: false,
    });
    expect(
      guess(['Date', 'Description', 'Amount'], deposits, 'credit_card').mapping.amount,
    ).toMatchObject({ invert: true });
  });

  it('says what it could not find', () => {
    expect(guess(['Name', 'Note'], [['a', 'b']]).problem).toMatch(/date/);
    expect(guess(['Date', 'Note'], [['2026-01-01', 'b']]).problem).toMatch(/amount/);
  });
});

describe('column roles by content (no header)', () => {
  it('finds the date, the signed amount and the longest text', () => {
    const rows = [
      ['01/05/2026', '-45.67', '*', '', 'PURCHASE AUTHORIZED ON 01/03 SHELL OIL'],
      ['01/06/2026', '1950.00', '*', '', 'INITECH LLC PAYROLL'],
      ['01/07/2026', '-600.00', '*', '1043', 'CHECK # 1043'],
    ];
    expect(guess(null, rows).mapping).toMatchObject({
      date: 0,
      payee: 4,
      amount: { kind: 'signed', column: 1 },
    });
  });
});

describe('layout', () => {
  const records = (text: string, delimiter: string): CsvRecord[] => {
    const out: CsvRecord[] = [];
    const tokenizer = new CsvTokenizer(delimiter);
    tokenizer.push(text, out);
    tokenizer.end(out);
    return out;
  };

  it('picks the delimiter that makes the most consistent table', () => {
    const semicolons =
      'Datum;Text;Betrag\n01.01.2026;Kauf, bar;-1,00\n02.01.2026;Miete, Jan;-2,00\n';
    expect(detectDelimiter(semicolons, '"', true)).toBe(';');
    expect(detectDelimiter('Date,Memo,Amount\n2026-01-01,"a;b",1.00\n', '"', true)).toBe(',');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n', '"', true)).toBe('\t');
    expect(() => detectDelimiter('just one column\nof text\n', '"', true)).toThrow(
      /no columns found/,
    );
  });

  it('finds the table below a summary block, and a header without a trailing comma', () => {
    const bofa =
      'Description,,Summary Amt.\nBeginning balance,,"1.00"\n\nDate,Description,Amount,Running Bal.\n01/02/2026,X,-1.00,0.00\n01/03/2026,Y,-1.00,-1.00\n';
    expect(findTable(records(bofa, ','))).toEqual({ skipRecords: 3, width: 4 });
    const chase = 'Details,Date,Amount\nDEBIT,01/02/2026,-1.00,\nDEBIT,01/03/2026,-2.00,\n';
    expect(findTable(records(chase, ','))).toEqual({ skipRecords: 0, width: 4 });
  });

  it('tells a header from a data row', () => {
    expect(looksLikeHeader(['Date', 'Description', 'Amount'])).toBe(true);
    expect(looksLikeHeader(['01/02/2026', '-5.75', '*', '', 'STARBUCKS'])).toBe(false);
  });
});
