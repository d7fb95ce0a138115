import { describe, expect, it } from 'vitest';
import { _chunked, _context, _parseAll, _utf8 } from '../shared/_parseTestSupport';
import { readQifDate } from './qifDates';
import { parseQif, type QifOptions } from './parseQif';
import { readCategory } from './qifRecord';

const parse = (text: string, currency: 'USD' | 'EUR' = 'USD') =>
  _parseAll(parseQif, _utf8(text), currency);

async function parseWith(text: string, options: QifOptions) {
  const rows = [];
  for await (const row of parseQif(_chunked(_utf8(text)), _context('USD'), options)) rows.push(row);
  return rows;
}

const record = (date: string, amount: string, extra = '') => `D${date}\nT${amount}\n${extra}^\n`;

describe('parseQif', () => {
  it('reads the fields of bank, cash and card records', async () => {
    for (const type of ['Bank', 'Cash', 'CCard', 'Oth L']) {
      const { rows, error } = await parse(
        `!Type:${type}\n${record("1/ 5'26", '-1,234.56', 'PLandlord\nMRent\nN1044\nCX\nLHousing:Rent or mortgage/Home\n')}`,
      );
      expect(error).toBeUndefined();
      expect(rows).toEqual([
        {
          line: 2,
          date: '2026-01-05',
          amount: -123456,
          payee: 'Landlord',
          memo: 'Rent (check 1044)',
          externalId: null,
          pending: false,
          category: 'Housing:Rent or mortgage',
        },
      ]);
    }
  });

  it('takes U when there is no T, and a decimal comma when the file uses one', async () => {
    const { rows } = await parse(`!Type:Bank\nD05.01.2026\nU-1.234,50\n^\n`, 'EUR');
    expect(rows[0]).toMatchObject({ date: '2026-01-05', amount: -123450 });
  });

  it('turns a [transfer] into an uncategorized row whose memo names the account', async () => {
    const { rows } = await parse(
      `!Type:Bank\n${record('1/5/26', '-500', 'PTo savings\nL[Savings]\n')}`,
    );
    expect(rows[0]).toMatchObject({ category: null, memo: 'Transfer: Savings' });
    expect(readCategory('[Credit Card]/Class')).toEqual({ name: null, transfer: 'Credit Card' });
    expect(readCategory('Food:Groceries/Vacation')).toEqual({
      name: 'Food:Groceries',
      transfer: null,
    });
    expect(readCategory('')).toEqual({ name: null, transfer: null });
  });

  it('reads splits that add up, refuses ones that do not, and treats a single split as the category', async () => {
    const splits = 'SFood:Groceries\nEFood\n$-20.00\nS[Savings]\n$-10.00\n';
    const { rows } = await parse(`!Type:Bank\n${record('1/5/26', '-30.00', splits)}`);
    expect(rows[0]).toMatchObject({
      category: null,
      splits: [
        { category: 'Food:Groceries', amount: -2000, memo: 'Food' },
        { category: null, amount: -1000, memo: 'Transfer: Savings' },
      ],
    });
    const wrong = await parse(
      `!Type:Bank\n${record('1/4/26', '-1', '')}${record('1/5/26', '-30.00', splits.replace('-10.00', '-9.99'))}`,
    );
    expect(wrong.error).toBe('line 5: the split lines add up to -29.99, not the amount -30.00');
    const single = await parse(
      `!Type:Bank\n${record('1/5/26', '-30.00', 'SFood:Coffee\nEflat white\n$-30.00\n')}`,
    );
    expect(single.rows[0]).toMatchObject({ category: 'Food:Coffee', memo: 'flat white' });
    expect(single.rows[0]?.splits).toBeUndefined();
  });

  it('decides the month/day order from the whole file', async () => {
    // Ambiguous until line 8: the first rows wait, then all are read day first.
    const dayFirst = await parse(
      `!Type:Bank\n${record('01/02/2026', '-1')}${record('13/02/2026', '-2')}`,
    );
    expect(dayFirst.rows.map((row) => row.date)).toEqual(['2026-02-01', '2026-02-13']);
    const monthFirst = await parse(
      `!Type:Bank\n${record('01/02/2026', '-1')}${record('02/13/2026', '-2')}`,
    );
    expect(monthFirst.rows.map((row) => row.date)).toEqual(['2026-01-02', '2026-02-13']);
    // Never decided: the order in which the dates run in sequence wins.
    const sequence = await parse(
      `!Type:Bank\n${record('03/01/2026', '-1')}${record('10/01/2026', '-2')}${record('02/02/2026', '-3')}`,
    );
    expect(sequence.rows.map((row) => row.date)).toEqual([
      '2026-01-03',
      '2026-01-10',
      '2026-02-02',
    ]);
    const tie = await parse(`!Type:Bank\n${record('01/02/2026', '-1')}`);
    expect(tie.rows[0]?.date).toBe('2026-01-02');
    expect(
      (await parseWith(`!Type:Bank\n${record('01/02/2026', '-1')}`, { dateOrder: 'DMY' }))[0]?.date,
    ).toBe('2026-02-01');
  });

  it('names the line of a date that contradicts the file, or is no date at all', async () => {
    const mixed = await parse(
      `!Type:Bank\n${record('13/02/2026', '-1')}${record('02/14/2026', '-2')}`,
    );
    expect(mixed.error).toBe(
      'line 5: date "02/14/2026" does not fit the file\'s date order ("13/02/2026" on line 2 puts the day first)',
    );
    expect(
      (await parse(`!Type:Bank\n${record('2/30/2026', '-1')}${record('2/13/2026', '-1')}`)).error,
    ).toBe('line 2: date "2/30/2026" read month first is not a calendar date');
    expect((await parse(`!Type:Bank\n${record('yesterday', '-1')}`)).error).toBe(
      'line 2: date "yesterday" is not a date QIF writers use',
    );
  });

  it('reads the years QIF writers use', () => {
    const year = (text: string) => readQifDate(text, 1).year;
    expect([
      year("1/5'26"),
      year("1/ 5' 6"),
      year('1/5/26'),
      year('1/5/99'),
      year('1/1/100'),
      year('2026-01-05'),
    ]).toEqual([2026, 2006, 2026, 1999, 2000, 2026]);
  });

  it('skips lists and the opening balance, and refuses investment and multi-account files', async () => {
    const quicken =
      '!Option:AutoSwitch\n!Account\nNChecking\nTBank\n^\nNBrokerage\nTInvst\n^\n!Clear:AutoSwitch\n' +
      '!Type:Cat\nNFood\nE\n^\n!Account\nNChecking\nTBank\n^\n!Type:Bank\n' +
      record('1/1/26', '100', 'POpening Balance\nL[Checking]\n') +
      record('1/2/26', '-5', 'PCafe\n');
    const { rows, warnings } = await parse(quicken);
    expect(rows.map((row) => row.payee)).toEqual(['Cafe']);
    expect(warnings).toEqual([
      {
        line: 19,
        message:
          'the "Opening Balance" record was skipped; set the opening balance on the account instead',
      },
    ]);
    const second = `${quicken}!Account\nNVisa\nTCCard\n^\n!Type:CCard\n${record('1/3/26', '-7')}`;
    expect((await parse(second)).error).toBe(
      'line 33: this QIF file holds transactions for more than one account ("Checking" and "Visa"); export one account at a time',
    );
    expect((await parse(`!Type:Invst\n${record('1/3/26', '-7')}`)).error).toBe(
      'line 1: this QIF file holds an investment account (!Type:Invst); Casike imports bank, cash and credit-card accounts',
    );
  });

  it('refuses a record cut off at the end, lines before any header, and records without date or amount', async () => {
    expect((await parse(`!Type:Bank\n${record('1/5/26', '-1')}D1/6/26\nT-2\n\n`)).error).toBe(
      'line 6: the file ends in the middle of a record (no closing ^); it looks truncated',
    );
    expect((await parse(`D1/5/26\nT-1\n^\n`)).error).toBe(
      'line 1: a QIF line before any !Type header',
    );
    expect((await parse(`!Type:Bank\nD1/5/26\n^\n`)).error).toBe(
      'line 2: a record without an amount (T line)',
    );
    expect((await parse(`!Type:Bank\nT-1\n^\n`)).error).toBe(
      'line 2: a record without a date (D line)',
    );
    expect((await parse('!Type:Bank\n')).rows).toEqual([]);
  });

  it('counts lines the same for \\n, \\r\\n and old Mac \\r files', async () => {
    const text = `!Type:Bank\n${record('1/5/26', '-1')}${record('1/6/26', 'x')}`;
    for (const newline of ['\n', '\r\n', '\r']) {
      expect((await parse(text.replaceAll('\n', newline))).error).toMatch(/^line 6: amount "x"/);
    }
  });
});
