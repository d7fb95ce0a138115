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

  describe('large imports (the bulk path)', () => {
    const indexNames = () =>
      (
        db
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions' ORDER BY name",
          )
          .all() as { name: string }[]
      ).map((index) => index.name);
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        row(
          i + 2,
          `2025-${String((i % 12) + 1).padStart(2, '0')}-0${(i % 9) + 1}`,
          -(i % 500) - 1,
          `Payee ${i % 300}`,
          {
            memo: i === 7 ? 'warranty card' : 'in store',
          },
        ),
      );

    it('drops and rebuilds the secondary indexes, and keeps totals, search and foreign keys right', async () => {
      const before = indexNames();
      expect(await importRows(many(25_000))).toMatchObject({ added: 25_000, duplicates: 0 });
      expect(indexNames()).toEqual(before);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(_maintainedMonthlyTotals(db)).toEqual(_naiveMonthlyTotals(db));
      const payeeTotals = db
        .prepare(
          `SELECT count(*) AS n FROM (SELECT substr(date, 1, 7) m, payee_id, sum(amount) s, count(*) c FROM transactions GROUP BY 1, 2) t
           LEFT JOIN payee_month_totals p ON p.month = t.m AND p.payee_id = t.payee_id
           WHERE p.count IS NOT t.c OR p.inflow + p.outflow IS NOT t.s`,
        )
        .get() as { n: number };
      expect(payeeTotals.n).toBe(0);
      expect(
        searchTransactions(db, TransactionQuerySchema.parse({ search: 'warranty' })).items,
      ).toHaveLength(1);
      expect(
        db.prepare("SELECT v FROM transactions_fts_config WHERE k = 'hashsize'").get(),
      ).toEqual({ v: 1024 * 1024 });
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(await importRows(many(25_000))).toMatchObject({ added: 0, duplicates: 25_000 });
    });

    it('a failure after the indexes were dropped leaves the vault exactly as it was', async () => {
      const before = indexNames();
      const rows = [...many(30_000), row(99_999, '1800-01-01', -1, 'Too old')];
      await expect(importRows(rows)).rejects.toThrow(/dates must be on or after/);
      expect(count()).toBe(0);
      expect(indexNames()).toEqual(before);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.prepare('SELECT count(*) AS n FROM payees').get()).toEqual({ n: 0 });
    });

    it('refuses a rule that sets a category the vault does not have, naming the line', async () => {
      await expect(
        runImport(db, [row(5, '2026-01-05', -450, 'Coffee Shop')], {
          accountId: account,
          fileName: 'x.csv',
          format: 'csv',
          dryRun: false,
          transform: (draft) => ({ ...draft, categoryId: '0190b6e4-5c3a-7d2e-9f41-6a2b3c4d5e6f' }),
        }),
      ).rejects.toThrow('line 5: refers to a category that is not in this vault');
      expect(count()).toBe(0);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    });
  });
});
