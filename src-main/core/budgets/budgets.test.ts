import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsCalls, type BudgetLine } from '../../../src-shared/contract/budgets';
import { newId } from '../../../src-shared/domain';
import { CoreError } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import {
  createAccount,
  createTransaction,
  createTransfer,
  findCategoryByName,
  updateCategory,
} from '../ledger';
import { incomeVsExpense } from '../reports';
import { _inRolledBackTransaction, _openVault } from '../reports/_reportsTestSupport';
import { CATEGORY_ACTIVITY_SQL } from './categoryActivity';
import { MONTH_BUDGETS_SQL } from './budgetMonth';
import { ROLLOVER_BUDGETS_SQL } from './rolloverCarries';
import { budgetCurrency, copyBudgetsFromPreviousMonth, getBudgetMonth, setBudget } from './index';

let db: SqlDatabase;
let close: () => void;

beforeAll(async () => {
  ({
    vault: { db },
    close,
  } = await _openVault());
});
afterAll(() => close());

const id = (name: string) => findCategoryByName(db, name).id;

function account(name: string, currency: 'USD' | 'EUR' = 'USD'): string {
  return createAccount(db, { name, type: 'checking', currency, openingBalance: 0 }).id;
}

function spend(
  accountId: string,
  date: string,
  amount: number,
  category: string | null,
  splits: [string, number][] = [],
) {
  createTransaction(db, {
    accountId,
    date,
    amount,
    payee: null,
    memo: '',
    categoryId: category === null ? null : id(category),
    status: 'cleared',
    tags: [],
    splits: splits.map(([name, part]) => ({ categoryId: id(name), amount: part, memo: '' })),
    externalId: null,
  });
}

function line(month: string, category: string): BudgetLine | undefined {
  return getBudgetMonth(db, month).lines.find((candidate) => candidate.categoryId === id(category));
}

const budget = (month: string, category: string, amount: number, rollover?: boolean) =>
  setBudget(db, { month, categoryId: id(category), amount, rollover });

describe('budget currency', () => {
  it('needs an account, then is the first account’s currency for good', () => {
    _inRolledBackTransaction(db, () => {
      expect(budgetCurrency(db)).toBeNull();
      expect(() => budget('2024-01', 'Groceries', 100)).toThrow(/add an account first/);
      const empty = getBudgetMonth(db, '2024-01');
      expect(empty.currency).toBeNull();
      expect(empty.totals.leftToSpend).toBe(0);
      account('Euro', 'EUR');
      account('Dollar', 'USD');
      account('Dollar 2', 'USD');
      expect(budgetCurrency(db)).toBe('EUR');
    });
  });

  it('counts only budget-currency activity; other currencies are listed beside it', () => {
    _inRolledBackTransaction(db, () => {
      const usd = account('Dollar');
      const eur = account('Euro', 'EUR');
      budget('2024-03', 'Groceries', 40_000);
      spend(usd, '2024-03-02', -10_000, 'Groceries');
      spend(eur, '2024-03-03', -7_000, 'Groceries');
      spend(eur, '2024-03-04', -500, 'Coffee');
      expect(line('2024-03', 'Groceries')).toMatchObject({
        budgeted: 40_000,
        actual: 10_000,
        available: 30_000,
        otherCurrencies: [{ currency: 'EUR', actual: 7_000 }],
      });
      expect(line('2024-03', 'Coffee')).toMatchObject({
        actual: 0,
        otherCurrencies: [{ currency: 'EUR', actual: 500 }],
      });
      const view = getBudgetMonth(db, '2024-03');
      expect(view.incomeVsExpense).toEqual([
        { currency: 'EUR', income: 0, expense: 7_500, net: -7_500 },
        { currency: 'USD', income: 0, expense: 10_000, net: -10_000 },
      ]);
    });
  });
});

describe('rollover', () => {
  it('carries a positive remainder while rollover is on; overspending does not roll', () => {
    _inRolledBackTransaction(db, () => {
      const usd = account('Dollar');
      budget('2024-01', 'Groceries', 40_000, true);
      spend(usd, '2024-01-10', -25_000, 'Groceries');
      expect(line('2024-01', 'Groceries')).toMatchObject({
        budgeted: 40_000,
        carriedIn: 0,
        actual: 25_000,
        available: 15_000,
        rollover: true,
      });

      // February: rollover omitted, so it stays on (taken from January).
      expect(budget('2024-02', 'Groceries', 30_000).rollover).toBe(true);
      spend(usd, '2024-02-10', -50_000, 'Groceries');
      expect(line('2024-02', 'Groceries')).toMatchObject({
        carriedIn: 15_000,
        actual: 50_000,
        available: -5_000,
      });

      // Overspent February carries nothing into March (and takes nothing away).
      budget('2024-03', 'Groceries', 10_000, false);
      spend(usd, '2024-03-10', -2_000, 'Groceries');
      expect(line('2024-03', 'Groceries')).toMatchObject({ carriedIn: 0, available: 8_000 });

      // March has rollover off: its 8,000 stays in March.
      budget('2024-04', 'Groceries', 10_000, true);
      expect(line('2024-04', 'Groceries')).toMatchObject({ carriedIn: 0, available: 10_000 });
    });
  });

  it('accumulates over a run of months, refunds and splits included; a month without a budget ends the run', () => {
    _inRolledBackTransaction(db, () => {
      const usd = account('Dollar');
      budget('2024-01', 'Coffee', 5_000, true);
      spend(usd, '2024-01-03', -2_000, 'Coffee');
      spend(usd, '2024-01-04', 500, 'Coffee'); // a refund lowers what was spent
      budget('2024-02', 'Coffee', 5_000, true);
      spend(usd, '2024-02-05', -6_000, null, [
        ['Coffee', -1_000],
        ['Groceries', -5_000],
      ]);
      // January leaves 3,500; February 5,000 + 3,500 − 1,000 = 7,500.
      expect(line('2024-02', 'Coffee')).toMatchObject({ carriedIn: 3_500, actual: 1_000 });
      // March has no budget row: it still receives February's remainder and shows it...
      expect(line('2024-03', 'Coffee')).toMatchObject({
        budgeted: 0,
        carriedIn: 7_500,
        available: 7_500,
        rollover: false,
      });
      // ...but with rollover off (no row) it carries nothing further.
      budget('2024-04', 'Coffee', 5_000, true);
      expect(line('2024-04', 'Coffee')).toMatchObject({ carriedIn: 0 });
    });
  });

  it('transfers never count as spending, and income categories never carry', () => {
    _inRolledBackTransaction(db, () => {
      const usd = account('Dollar');
      const other = account('Other');
      createTransfer(db, {
        fromAccountId: usd,
        toAccountId: other,
        date: '2024-01-05',
        amount: 9_999,
        memo: '',
      });
      budget('2024-01', 'Salary', 300_000, true);
      spend(usd, '2024-01-25', 250_000, 'Salary');
      expect(line('2024-01', 'Salary')).toMatchObject({
        kind: 'income',
        budgeted: 300_000,
        actual: 250_000,
        available: 50_000,
      });
      budget('2024-02', 'Salary', 300_000, true);
      expect(line('2024-02', 'Salary')).toMatchObject({ carriedIn: 0 });
      expect(getBudgetMonth(db, '2024-01').totals.spent).toBe(0);
    });
  });
});

describe('the month view', () => {
  it('lists expense categories, hidden ones only when used, income ones only when budgeted', () => {
    _inRolledBackTransaction(db, () => {
      const usd = account('Dollar');
      updateCategory(db, { id: id('Parking'), hidden: true });
      updateCategory(db, { id: id('Fuel'), hidden: true });
      spend(usd, '2024-05-02', -1_000, 'Fuel');
      const names = getBudgetMonth(db, '2024-05').lines.map((l) => l.name);
      expect(names).toContain('Groceries');
      expect(names).toContain('Fuel');
      expect(names).not.toContain('Parking');
      expect(names).not.toContain('Salary');
      budget('2024-05', 'Parking', 2_000);
      budget('2024-05', 'Interest', 100);
      const lines = getBudgetMonth(db, '2024-05').lines;
      expect(lines.find((l) => l.name === 'Parking')).toMatchObject({ hidden: true });
      // Expense categories first, income after.
      expect(lines[lines.length - 1]).toMatchObject({ name: 'Interest', kind: 'income' });
    });
  });

  it('totals: left to spend is budgeted + carried − spent − uncategorized spending', () => {
    _inRolledBackTransaction(db, () => {
      const usd = account('Dollar');
      budget('2024-06', 'Groceries', 40_000, true);
      budget('2024-06', 'Restaurants', 10_000);
      budget('2024-06', 'Salary', 500_000);
      spend(usd, '2024-06-03', -12_000, 'Groceries');
      spend(usd, '2024-06-04', -15_000, 'Restaurants');
      spend(usd, '2024-06-05', -3_000, null);
      spend(usd, '2024-06-06', 1_000, null); // uncategorized money in: income, not negative spending
      spend(usd, '2024-06-25', 500_000, 'Salary');
      const view = getBudgetMonth(db, '2024-06');
      expect(view.totals).toEqual({
        budgeted: 50_000,
        carriedIn: 0,
        spent: 27_000,
        uncategorizedSpent: 3_000,
        leftToSpend: 20_000,
      });
      expect(view.lines.find((l) => l.name === 'Restaurants')?.available).toBe(-5_000);
      expect(view.incomeVsExpense).toEqual([
        { currency: 'USD', income: 501_000, expense: 30_000, net: 471_000 },
      ]);
      // The same definition as the income-vs-expense report.
      const report = incomeVsExpense(db, { from: '2024-06', to: '2024-06' });
      const { currency: _currency, ...figures } = view.incomeVsExpense[0] ?? { currency: '' };
      expect(report.series[0]?.points[0]).toEqual({ month: '2024-06', ...figures });
      // Carried into July from June's Groceries.
      expect(getBudgetMonth(db, '2024-07').totals).toMatchObject({
        carriedIn: 28_000,
        leftToSpend: 28_000,
      });
    });
  });
});

describe('setting and copying', () => {
  it('keeps or inherits the rollover flag unless told, and refuses unknown categories', () => {
    _inRolledBackTransaction(db, () => {
      account('Dollar');
      expect(budget('2024-01', 'Groceries', 100).rollover).toBe(false);
      expect(budget('2024-01', 'Groceries', 100, true).rollover).toBe(true);
      expect(budget('2024-01', 'Groceries', 200).rollover).toBe(true);
      expect(budget('2024-02', 'Groceries', 200).rollover).toBe(true);
      expect(budget('2024-02', 'Groceries', 200, false).rollover).toBe(false);
      expect(line('2024-01', 'Groceries')).toMatchObject({ budgeted: 200, rollover: true });
      const error = (() => {
        try {
          setBudget(db, { month: '2024-01', categoryId: newId(), amount: 1 });
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(CoreError);
      expect((error as CoreError).code).toBe('NOT_FOUND');
    });
  });

  it('copies the previous month, keeping or overwriting what the month has', () => {
    _inRolledBackTransaction(db, () => {
      account('Dollar');
      budget('2024-01', 'Groceries', 40_000, true);
      budget('2024-01', 'Coffee', 5_000);
      budget('2024-02', 'Groceries', 1);
      budget('2024-02', 'Fuel', 7_000);
      expect(copyBudgetsFromPreviousMonth(db, '2024-02', false)).toBe(1);
      expect(line('2024-02', 'Groceries')?.budgeted).toBe(1);
      expect(line('2024-02', 'Coffee')).toMatchObject({ budgeted: 5_000, rollover: false });
      expect(copyBudgetsFromPreviousMonth(db, '2024-02', true)).toBe(2);
      expect(line('2024-02', 'Groceries')).toMatchObject({ budgeted: 40_000, rollover: true });
      expect(line('2024-02', 'Fuel')?.budgeted).toBe(7_000); // only in February: kept
      expect(copyBudgetsFromPreviousMonth(db, '2023-06', true)).toBe(0);
      expect(copyBudgetsFromPreviousMonth(db, '0000-01', true)).toBe(0);
    });
  });

  it('the contract refuses negative amounts and bad months', () => {
    const set = budgetsCalls['budgets.set'].input;
    const valid = { month: '2024-01', categoryId: newId(), amount: 100 };
    expect(set.safeParse(valid).success).toBe(true);
    expect(set.safeParse({ ...valid, amount: -1 }).success).toBe(false);
    expect(set.safeParse({ ...valid, amount: 1.5 }).success).toBe(false);
    expect(set.safeParse({ ...valid, month: '2024-1' }).success).toBe(false);
    expect(budgetsCalls['budgets.copyFromPreviousMonth'].input.parse({ month: '2024-01' })).toEqual(
      { month: '2024-01', overwrite: false },
    );
  });
});

describe('query plans', () => {
  it('read budgets and the monthly totals by month, never the transactions', () => {
    for (const sql of [CATEGORY_ACTIVITY_SQL, MONTH_BUDGETS_SQL, ROLLOVER_BUDGETS_SQL]) {
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => '2024-01');
      const steps = (
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
      ).map((row) => row.detail);
      expect(steps.join(' | ')).not.toMatch(/\bSCAN\b|transactions/);
      expect(steps[0]).toMatch(/^SEARCH \w+ USING PRIMARY KEY \(month/);
    }
  });
});
