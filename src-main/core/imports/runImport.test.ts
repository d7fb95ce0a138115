import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransactionInputSchema } from '../../../src-shared/contract/ledger';
import type { SqlDatabase } from '../db/openDatabase';
import { _maintainedMonthlyTotals, _naiveMonthlyTotals } from '../ledger/_ledgerTestSupport';
import { createAccount, createTransaction, getTransaction, searchTransactions } from '../ledger';
import { TransactionQuerySchema } from '../../../src-shared/contract/ledger';
import { _openTempVault } from '../vault/_testSupport';
import { ImportFileError, type ImportedRow } from './importedRow';
import { runImport } from './runImport';

let db: SqlDatabase;
let close: () => void;
let account: string;

beforeEach(async () => {
  const temp = await _openTempVault();
  db = temp.vault.db;
  close = temp.close;
  account = createAccount(db, {
    name: 'Checking',
    type: 'checking',
    currency: 'USD',
    openingBalance: 0,
  }).id;
});
afterEach(() => close());

const row = (
  line: number,
  date: string,
  amount: number,
  payee: string,
  extra: Partial<ImportedRow> = {},
): ImportedRow => ({
  line,
  date,
  amount,
  payee,
  memo: '',
  externalId: null,
  pending: false,
  ...extra,
});
const importRows = (rows: ImportedRow[], dryRun = false) =>
  runImport(db, rows, {
    accountId: account,
    fileName: 'test.csv',
    format: 'csv',
    dryRun,
    transform: (draft) => draft,
  });
const count = () => (db.prepare('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;

describe('import pipeline', () => {
  it('adds rows, keeps two identical coffees on one day, and skips everything on re-import', async () => {
    const rows = [
      row(2, '2026-01-05', -450, 'Coffee Shop'),
      row(3, '2026-01-05', -450, 'Coffee Shop'),
      row(4, '2026-01-06', 250_000, 'ACME payroll', { externalId: 'FIT-9' }),
    ];
    expect(await importRows(rows)).toMatchObject({ added: 3, duplicates: 0 });
    expect(await importRows(rows)).toMatchObject({ added: 0, duplicates: 3 });
    expect(count()).toBe(3);
    expect(_maintainedMonthlyTotals(db)).toEqual(_naiveMonthlyTotals(db));
    const found = searchTransactions(db, TransactionQuerySchema.parse({ search: 'coffee' }));
    expect(found.items).toHaveLength(2);
  });

  it('writes nothing when a line is bad, and names it', async () => {
    const rows = [row(2, '2026-01-05', -450, 'A'), row(57, '1800-01-01', -1, 'B')];
    await expect(importRows(rows)).rejects.toThrow(/dates must be on or after/);
    expect(count()).toBe(0);
    await expect(
      runImport(
        db,
        (function* () {
          yield row(2, '2026-01-05', -1, 'ok');
          throw new ImportFileError('bad date "31/31/2026"', 57);
        })(),
        {
          accountId: account,
          fileName: 'x.csv',
          format: 'csv',
          dryRun: false,
          transform: (d) => d,
        },
      ),
    ).rejects.toThrow('line 57: bad date "31/31/2026"');
    expect(count()).toBe(0);
    // The lifted triggers are back: a normal insert still maintains the index and totals.
    createTransaction(
      db,
      TransactionInputSchema.parse({
        accountId: account,
        date: '2026-02-01',
        amount: -5,
        payee: 'Later',
      }),
    );
    expect(
      searchTransactions(db, TransactionQuerySchema.parse({ search: 'later' })).items,
    ).toHaveLength(1);
    expect(_maintainedMonthlyTotals(db)).toEqual(_naiveMonthlyTotals(db));
  });

  it('a dry run counts but writes nothing', async () => {
    expect(await importRows([row(2, '2026-01-05', -450, 'A')], true)).toMatchObject({ added: 1 });
    expect(count()).toBe(0);
  });

  it('matches a posted row to the pending one instead of adding it', async () => {
    const pending = createTransaction(
      db,
      TransactionInputSchema.parse({
        accountId: account,
        date: '2026-03-01',
        amount: -12_00,
        payee: 'Cafe',
        status: 'pending',
      }),
    );
    const result = await importRows([row(2, '2026-03-03', -12_00, 'CAFE 123 POS')]);
    expect(result).toMatchObject({ added: 0, pendingMatched: 1 });
    expect(getTransaction(db, pending.id)).toMatchObject({ status: 'cleared', date: '2026-03-03' });
    expect(await importRows([row(2, '2026-03-03', -12_00, 'CAFE 123 POS')])).toMatchObject({
      added: 0,
      duplicates: 1,
    });
    expect(_maintainedMonthlyTotals(db)).toEqual(_naiveMonthlyTotals(db));
  });

  it('imports QIF-style splits that sum to the amount, and refuses ones that do not', async () => {
    await importRows([
      row(2, '2026-04-01', -30_00, 'Store', {
        splits: [
          { category: 'Groceries', amount: -20_00, memo: '' },
          { category: 'Housing:Utilities', amount: -10_00, memo: '' },
        ],
      }),
    ]);
    expect(_maintainedMonthlyTotals(db)).toEqual(_naiveMonthlyTotals(db));
    await expect(
      importRows([
        row(9, '2026-04-02', -30_00, 'Store', {
          splits: [{ category: null, amount: -1, memo: '' }],
        }),
      ]),
    ).rejects.toThrow('line 9: the split lines do not add up to the amount');
  });

  it('overlapping statements add only the new rows (property)', async () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-05-${String(d).padStart(2, '0')}`);
    const line = fc.record({
      date: day,
      amount: fc.integer({ min: -5000, max: 5000 }).filter((a) => a !== 0),
      payee: fc.constantFrom('A', 'B', 'C'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 40 }),
        fc.nat(40),
        fc.nat(40),
        async (lines, cutA, cutB) => {
          db.exec(
            'DELETE FROM transactions; DELETE FROM monthly_totals; DELETE FROM payee_month_totals;',
          );
          const sorted = [...lines].sort((a, b) => a.date.localeCompare(b.date));
          const rows = sorted.map((l, index) => row(index + 2, l.date, l.amount, l.payee));
          // Two statements that overlap on whole days, as banks cut them.
          const days = [...new Set(sorted.map((l) => l.date))];
          const endA = days[Math.min(cutA, days.length - 1)] ?? '';
          const startB = days[Math.min(cutB, days.indexOf(endA))] ?? '';
          const first = rows.filter((r) => r.date <= endA);
          const second = rows.filter((r) => r.date >= startB);
          await importRows(first);
          await importRows(second);
          await importRows(second);
          expect(count()).toBe(rows.length);
          expect(_maintainedMonthlyTotals(db)).toEqual(_naiveMonthlyTotals(db));
        },
      ),
      { numRuns: 40 },
    );
  });
});
