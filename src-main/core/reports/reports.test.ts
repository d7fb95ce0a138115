import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportsCalls, ReportRangeSchema } from '../../../src-shared/contract/reports';
import { CoreError } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import {
  createAccount,
  createTransaction,
  createTransfer,
  findCategoryByName,
  insertTransaction,
} from '../ledger';
import { newId } from '../../../src-shared/domain';
import { _inRolledBackTransaction, _openVault } from './_reportsTestSupport';
import { cashFlow, incomeVsExpense, netWorth, spendingByCategory, topPayees } from './index';
import { CASH_FLOW_SQL } from './cashFlow';
import { INCOME_VS_EXPENSE_SQL } from './incomeVsExpense';
import { NET_WORTH_BEFORE_SQL, NET_WORTH_FLOWS_SQL } from './netWorth';
import { SPENDING_BY_CATEGORY_SQL } from './spendingByCategory';
import { TOP_PAYEES_BY_ACCOUNT_SQL, TOP_PAYEES_SQL } from './topPayees';

let db: SqlDatabase;
let close: () => void;

beforeAll(async () => {
  ({
    vault: { db },
    close,
  } = await _openVault());
});
afterAll(() => close());

const category = (name: string) => findCategoryByName(db, name).id;

function entry(
  accountId: string,
  date: string,
  amount: number,
  fields: { category?: string; payee?: string; splits?: [string, number][] } = {},
) {
  return createTransaction(db, {
    accountId,
    date,
    amount,
    payee: fields.payee ?? null,
    memo: '',
    categoryId: fields.category ? category(fields.category) : null,
    status: 'cleared',
    tags: [],
    splits: (fields.splits ?? []).map(([name, part]) => ({
      categoryId: category(name),
      amount: part,
      memo: '',
    })),
    externalId: null,
  });
}

/**
 * USD checking (opening 1,000.00) and card (−200.00), EUR savings (500.00). January:
 * salary, groceries (one split with restaurants, one refund), uncategorized money both
 * ways, a transfer to the card and one to the EUR account. February: EUR groceries.
 */
function seed() {
  const checking = createAccount(db, {
    name: 'Checking',
    type: 'checking',
    currency: 'USD',
    openingBalance: 100_000,
  }).id;
  const card = createAccount(db, {
    name: 'Card',
    type: 'credit_card',
    currency: 'USD',
    openingBalance: -20_000,
  }).id;
  const savings = createAccount(db, {
    name: 'Savings',
    type: 'savings',
    currency: 'EUR',
    openingBalance: 50_000,
  }).id;
  entry(checking, '2024-01-02', 300_000, { category: 'Salary', payee: 'ACME' });
  entry(checking, '2024-01-05', -12_000, { category: 'Groceries', payee: 'Market' });
  entry(checking, '2024-01-06', -10_000, {
    payee: 'Market',
    splits: [
      ['Groceries', -7_000],
      ['Restaurants', -3_000],
    ],
  });
  entry(card, '2024-01-07', -1_500, { payee: 'Kiosk' });
  entry(checking, '2024-01-08', 500, { payee: 'Kiosk' });
  entry(checking, '2024-01-09', 2_000, { category: 'Groceries', payee: 'Market' });
  createTransfer(db, {
    fromAccountId: checking,
    toAccountId: card,
    date: '2024-01-20',
    amount: 15_000,
    memo: '',
  });
  createTransfer(db, {
    fromAccountId: checking,
    toAccountId: savings,
    date: '2024-01-21',
    amount: 10_000,
    toAmount: 9_000,
    memo: '',
  });
  entry(savings, '2024-02-03', -4_000, { category: 'Groceries', payee: 'Market' });
  return { checking, card, savings };
}

const RANGE = { from: '2023-12', to: '2024-02' };

describe('reports on a known ledger', () => {
  it('income vs expense: uncategorized inflows are income, refunds lower expense, transfers never count', () => {
    _inRolledBackTransaction(db, () => {
      seed();
      const report = incomeVsExpense(db, RANGE);
      expect(report.months).toEqual(['2023-12', '2024-01', '2024-02']);
      expect(report.series.map((series) => series.currency)).toEqual(['EUR', 'USD']);
      const [eur, usd] = report.series;
      expect(usd?.points[1]).toEqual({
        month: '2024-01',
        income: 300_500,
        expense: 21_500, // groceries 12,000 + 7,000 − 2,000 refund, restaurants 3,000, kiosk 1,500
        net: 279_000,
      });
      expect(usd?.points[0]).toEqual({ month: '2023-12', income: 0, expense: 0, net: 0 });
      expect(eur?.points[2]).toEqual({ month: '2024-02', income: 0, expense: 4_000, net: -4_000 });
      expect(eur?.totals).toEqual({ income: 0, expense: 4_000, net: -4_000 });
    });
  });

  it('spending by category: splits count per category, uncategorized outflows apart, per currency', () => {
    _inRolledBackTransaction(db, () => {
      seed();
      const report = spendingByCategory(db, RANGE);
      const usd = report.series.find((series) => series.currency === 'USD');
      expect(usd?.categories.map((c) => [c.groupName, c.name, c.amounts, c.total])).toEqual([
        ['Food', 'Groceries', [0, 17_000, 0], 17_000],
        ['Food', 'Restaurants', [0, 3_000, 0], 3_000],
        [null, 'Uncategorized', [0, 1_500, 0], 1_500],
      ]);
      expect(usd?.totals).toEqual([0, 21_500, 0]);
      const eur = report.series.find((series) => series.currency === 'EUR');
      expect(eur?.categories.map((c) => [c.name, c.total])).toEqual([['Groceries', 4_000]]);
      expect(eur?.total).toBe(4_000);
    });
  });

  it('net worth: opening balances plus every line, transfers moving money between accounts', () => {
    _inRolledBackTransaction(db, () => {
      seed();
      const report = netWorth(db, RANGE);
      const usd = report.series.find((series) => series.currency === 'USD');
      expect(usd?.points).toEqual([
        { month: '2023-12', assets: 100_000, liabilities: 20_000, netWorth: 80_000 },
        { month: '2024-01', assets: 355_500, liabilities: 6_500, netWorth: 349_000 },
        { month: '2024-02', assets: 355_500, liabilities: 6_500, netWorth: 349_000 },
      ]);
      const eur = report.series.find((series) => series.currency === 'EUR');
      expect(eur?.points.map((point) => point.netWorth)).toEqual([50_000, 59_000, 55_000]);
      // A range starting after the activity carries every earlier line in.
      expect(netWorth(db, { from: '2024-06', to: '2024-06' }).series[1]?.points).toEqual([
        { month: '2024-06', assets: 355_500, liabilities: 6_500, netWorth: 349_000 },
      ]);
    });
  });

  it('cash flow: lines in and out, transfers left out, optionally one account', () => {
    _inRolledBackTransaction(db, () => {
      const { card } = seed();
      const usd = cashFlow(db, RANGE).series.find((series) => series.currency === 'USD');
      expect(usd?.points[1]).toEqual({
        month: '2024-01',
        inflow: 302_500,
        outflow: 23_500,
        net: 279_000,
      });
      const cardOnly = cashFlow(db, { ...RANGE, accountId: card });
      expect(cardOnly.series.map((series) => series.currency)).toEqual(['USD']);
      expect(cardOnly.series[0]?.totals).toEqual({ inflow: 0, outflow: 1_500, net: -1_500 });
      expect(() => cashFlow(db, { ...RANGE, accountId: newId() })).toThrow(CoreError);
    });
  });

  it('top payees per currency, by money out or in, whole transactions', () => {
    _inRolledBackTransaction(db, () => {
      seed();
      const out = topPayees(db, { ...RANGE, limit: 10, direction: 'outflow' });
      expect(out.series.map((series) => series.currency)).toEqual(['EUR', 'USD']);
      expect(out.series[1]?.payees.map((p) => [p.name, p.amount, p.count])).toEqual([
        ['Market', 22_000, 3],
        ['Kiosk', 1_500, 2],
      ]);
      expect(out.series[0]?.payees.map((p) => [p.name, p.amount, p.count])).toEqual([
        ['Market', 4_000, 1],
      ]);
      const into = topPayees(db, { ...RANGE, limit: 2, direction: 'inflow' });
      expect(into.series[1]?.payees.map((p) => [p.name, p.amount])).toEqual([
        ['ACME', 300_000],
        ['Market', 2_000],
      ]);
    });
  });

  it('top payees in a one-currency vault come from the maintained payee totals', () => {
    _inRolledBackTransaction(db, () => {
      const usd = createAccount(db, {
        name: 'Only',
        type: 'checking',
        currency: 'USD',
        openingBalance: 0,
      }).id;
      entry(usd, '2024-01-05', -1_000, { payee: 'Cafe' });
      entry(usd, '2024-02-05', -2_500, { payee: 'Cafe' });
      entry(usd, '2024-02-06', -3_000, { payee: 'Garage' });
      // Proof of which path answered: the totals table alone, with the rows untouched.
      db.prepare(
        "UPDATE payee_month_totals SET outflow = outflow - 100000 WHERE payee_id = (SELECT id FROM payees WHERE name = 'Garage')",
      ).run();
      const report = topPayees(db, { ...RANGE, limit: 5, direction: 'outflow' });
      expect(report.series[0]?.payees.map((p) => [p.name, p.amount, p.count])).toEqual([
        ['Garage', 103_000, 1],
        ['Cafe', 3_500, 2],
      ]);
    });
  });

  it('an empty vault answers empty series, and dates far from the ledger are fine', () => {
    expect(incomeVsExpense(db, RANGE)).toEqual({
      months: ['2023-12', '2024-01', '2024-02'],
      series: [],
    });
    expect(
      topPayees(db, { from: '1800-01', to: '9999-12', limit: 3, direction: 'inflow' }),
    ).toEqual({
      series: [],
    });
    _inRolledBackTransaction(db, () => {
      seed();
      const all = topPayees(db, { from: '1800-01', to: '9999-12', limit: 1, direction: 'inflow' });
      expect(all.series[1]?.payees.map((p) => p.name)).toEqual(['ACME']);
      const none = topPayees(db, { from: '1800-01', to: '1850-12', limit: 1, direction: 'inflow' });
      expect(none.series.every((series) => series.payees.length === 0)).toBe(true);
    });
  });
});

describe('report inputs', () => {
  it('refuses ranges out of order, over 1200 months, malformed months and unknown keys', () => {
    expect(ReportRangeSchema.safeParse({ from: '2024-02', to: '2024-01' }).success).toBe(false);
    expect(ReportRangeSchema.safeParse({ from: '1900-01', to: '1999-12' }).success).toBe(true);
    expect(ReportRangeSchema.safeParse({ from: '1900-01', to: '2000-01' }).success).toBe(false);
    expect(ReportRangeSchema.safeParse({ from: '2024-13', to: '2024-12' }).success).toBe(false);
    expect(ReportRangeSchema.safeParse({ from: '2024-01', to: '2024-02', x: 1 }).success).toBe(
      false,
    );
    const top = reportsCalls['reports.topPayees'].input;
    expect(top.parse({ from: '2024-01', to: '2024-02' })).toEqual({
      from: '2024-01',
      to: '2024-02',
      limit: 10,
      direction: 'outflow',
    });
    expect(top.safeParse({ from: '2024-01', to: '2024-02', limit: 0 }).success).toBe(false);
    expect(
      reportsCalls['reports.cashFlow'].input.safeParse({ from: '2024-03', to: '2024-02' }).success,
    ).toBe(false);
  });
});

describe('query plans', () => {
  /** Every report query, with the transactions it must never scan. */
  const QUERIES = {
    INCOME_VS_EXPENSE_SQL,
    SPENDING_BY_CATEGORY_SQL,
    CASH_FLOW_SQL,
    NET_WORTH_BEFORE_SQL,
    NET_WORTH_FLOWS_SQL,
    TOP_PAYEES_SQL,
    TOP_PAYEES_BY_ACCOUNT_SQL,
  };

  function plan(sql: string): string[] {
    const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => '2024-01');
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
      (row) => row.detail,
    );
  }

  it('read the aggregate tables by month (or a rowid range), never scanning transactions', () => {
    _inRolledBackTransaction(db, () => {
      // Enough rows, and statistics, for the planner to have real choices.
      const { checking, savings } = seed();
      for (let index = 0; index < 3_000; index++) {
        insertTransaction(db, {
          accountId: index % 2 === 0 ? checking : savings,
          date: `20${String(10 + (index % 14)).padStart(2, '0')}-0${1 + (index % 9)}-1${index % 10}`,
          amount: -(index + 1),
          payee: `Payee ${index % 50}`,
          memo: '',
          categoryId: index % 3 === 0 ? null : category('Groceries'),
          status: 'cleared',
          tags: [],
          splits: [],
          externalId: null,
        });
      }
      for (const analyzed of [false, true]) {
        if (analyzed) db.exec('ANALYZE');
        for (const [name, sql] of Object.entries(QUERIES)) {
          const steps = plan(sql);
          expect(steps.join(' | '), name).not.toMatch(
            /\bSCAN (transactions|t|monthly_totals|payee_month_totals|m|p)\b/,
          );
          expect(
            steps.some((step) =>
              /^SEARCH (monthly_totals|payee_month_totals|transactions|m|p|t) /.test(step),
            ),
            name,
          ).toBe(true);
          // The aggregates are read by month; the transactions (the several-currency
          // payee fallback only) by a date range of rowids, never whole.
          for (const step of steps.filter((detail) =>
            /^SEARCH (monthly_totals|payee_month_totals|m|p) /.test(detail),
          )) {
            expect(step, name).toMatch(/USING PRIMARY KEY \(month[<>]/);
          }
          for (const step of steps.filter((detail) => /^SEARCH (transactions|t) /.test(detail))) {
            expect(step, name).toMatch(/rowid>\? AND rowid<\?/);
          }
        }
      }
    });
  });
});
