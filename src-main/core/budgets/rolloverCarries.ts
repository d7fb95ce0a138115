import type { CurrencyCode, MonthString } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { categoryActivity } from './categoryActivity';
import { carriedIn, previousMonth, rolloverRuns } from './rollover';

/** Earlier budgets with rollover on; few rows (categories × months budgeted). */
export const ROLLOVER_BUDGETS_SQL = `
  SELECT month, category_id, amount FROM budgets WHERE month < ? AND rollover = 1`;

/**
 * What each of `categoryIds` carries into `month` (see rollover.ts for the rule).
 * Actual spending is read in the budget currency only, like the budgets themselves.
 */
export function rolloverCarries(
  db: SqlDatabase,
  month: MonthString,
  currency: CurrencyCode,
  categoryIds: ReadonlySet<string>,
): Map<string, number> {
  const budgeted = new Map<string, Map<MonthString, number>>();
  const rows = db.prepare(ROLLOVER_BUDGETS_SQL).all(month) as {
    month: MonthString;
    category_id: string;
    amount: number;
  }[];
  for (const row of rows) {
    if (!categoryIds.has(row.category_id)) continue;
    const months = budgeted.get(row.category_id) ?? new Map<MonthString, number>();
    months.set(row.month, row.amount);
    budgeted.set(row.category_id, months);
  }
  const runs = rolloverRuns(
    new Map([...budgeted].map(([id, months]) => [id, new Set(months.keys())])),
    month,
  );
  const carries = new Map<string, number>();
  const last = previousMonth(month);
  if (runs.size === 0 || last === null) return carries;

  // Spending (expense categories: the negated net) per category and month of the runs.
  const spent = new Map<string, number>();
  const earliest = [...runs.values()]
    .map((run) => run[0] ?? last)
    .reduce((a, b) => (a < b ? a : b));
  for (const row of categoryActivity(db, earliest, last)) {
    if (row.currency === currency && runs.has(row.categoryKey)) {
      spent.set(`${row.categoryKey}|${row.month}`, 0 - row.net);
    }
  }
  for (const [categoryId, run] of runs) {
    const amounts = budgeted.get(categoryId);
    carries.set(
      categoryId,
      carriedIn(
        run.map((runMonth) => ({
          budgeted: amounts?.get(runMonth) ?? 0,
          actual: spent.get(`${categoryId}|${runMonth}`) ?? 0,
        })),
      ),
    );
  }
  return carries;
}
