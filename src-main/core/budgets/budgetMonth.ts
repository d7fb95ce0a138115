import type { BudgetLine, BudgetMonth } from '../../../src-shared/contract/budgets';
import type { CurrencyCode, MonthString } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { incomeVsExpense } from '../reports';
import { budgetCurrency } from './budgetCurrency';
import { categoryActivity, type CategoryActivity } from './categoryActivity';
import { rolloverCarries } from './rolloverCarries';

/** Expense groups first, then income, each in the order the user arranged them. */
const CATEGORIES_SQL = `
  SELECT c.id, c.name, c.hidden, g.id AS group_id, g.name AS group_name, g.kind,
         g.hidden AS group_hidden
  FROM categories c JOIN category_groups g ON g.id = c.group_id
  ORDER BY g.kind = 'income', g.position, g.name, c.position, c.name`;

export const MONTH_BUDGETS_SQL =
  'SELECT category_id, amount, rollover FROM budgets WHERE month = ?';

interface CategoryRow {
  id: string;
  name: string;
  hidden: number;
  group_id: string;
  group_name: string;
  kind: 'income' | 'expense';
  group_hidden: number;
}

/**
 * The month's budget: per category budgeted, carried in, actual and available, the
 * totals and "left to spend", and income vs expenses per currency. Definitions in
 * src-shared/contract/budgets.ts. Expense categories are listed unless hidden (then
 * only when budgeted, active or carrying money); income categories when budgeted.
 */
export function getBudgetMonth(db: SqlDatabase, month: MonthString): BudgetMonth {
  const currency = budgetCurrency(db);
  const categories = db.prepare(CATEGORIES_SQL).all() as CategoryRow[];
  const budgets = new Map(
    (
      db.prepare(MONTH_BUDGETS_SQL).all(month) as {
        category_id: string;
        amount: number;
        rollover: number;
      }[]
    ).map((row) => [row.category_id, row]),
  );
  const activity = categoryActivity(db, month, month);
  const expenseIds = new Set(categories.filter((c) => c.kind === 'expense').map((c) => c.id));
  const carries = currency
    ? rolloverCarries(db, month, currency, expenseIds)
    : new Map<string, number>();

  const lines: BudgetLine[] = [];
  for (const category of categories) {
    const budget = budgets.get(category.id);
    const carried = carries.get(category.id) ?? 0;
    const own = activity.filter((row) => row.categoryKey === category.id);
    const shown =
      budget !== undefined ||
      (category.kind === 'expense' &&
        ((category.hidden === 0 && category.group_hidden === 0) ||
          carried > 0 ||
          own.some((row) => row.count > 0)));
    if (!shown) continue;
    // Sign-normalized to the category's direction: spent for expenses, received for income.
    const direction = category.kind === 'expense' ? -1 : 1;
    // `|| 0`: no negative zero in the output.
    const actual = direction * sumNet(own, (row) => row.currency === currency) || 0;
    const budgeted = budget?.amount ?? 0;
    lines.push({
      categoryId: category.id,
      name: category.name,
      groupId: category.group_id,
      groupName: category.group_name,
      kind: category.kind,
      hidden: category.hidden === 1 || category.group_hidden === 1,
      budgeted,
      rollover: budget?.rollover === 1,
      carriedIn: carried,
      actual,
      available: budgeted + carried - actual,
      otherCurrencies: otherCurrencies(own, currency, direction),
    });
  }

  const expenses = lines.filter((line) => line.kind === 'expense');
  const budgeted = sumOf(expenses, (line) => line.budgeted);
  const carriedIn = sumOf(expenses, (line) => line.carriedIn);
  const spent = sumOf(expenses, (line) => line.actual);
  const uncategorizedSpent =
    0 -
    sumOf(
      activity.filter((row) => row.categoryKey === '' && row.currency === currency),
      (row) => row.outflow,
    );
  const month0 = incomeVsExpense(db, { from: month, to: month });
  return {
    month,
    currency,
    lines,
    totals: {
      budgeted,
      carriedIn,
      spent,
      uncategorizedSpent,
      leftToSpend: budgeted + carriedIn - spent - uncategorizedSpent,
    },
    incomeVsExpense: month0.series.flatMap((series) =>
      series.points.map((point) => ({
        currency: series.currency,
        income: point.income,
        expense: point.expense,
        net: point.net,
      })),
    ),
  };
}

function sumNet(
  rows: readonly CategoryActivity[],
  keep: (row: CategoryActivity) => boolean,
): number {
  return sumOf(rows.filter(keep), (row) => row.net);
}

function sumOf<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** Activity in currencies other than the budget's, per currency, never added in. */
function otherCurrencies(
  rows: readonly CategoryActivity[],
  currency: CurrencyCode | null,
  direction: 1 | -1,
): BudgetLine['otherCurrencies'] {
  const byCurrency = new Map<CurrencyCode, number>();
  for (const row of rows) {
    if (row.currency === currency || row.count === 0) continue;
    byCurrency.set(row.currency, (byCurrency.get(row.currency) ?? 0) + (direction * row.net || 0));
  }
  return [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, actual]) => ({ currency: code, actual }));
}
