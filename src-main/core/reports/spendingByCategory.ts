import type { ReportRange, SpendingByCategory } from '../../../src-shared/contract/reports';
import type { CurrencyCode } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';
import { CLASSIFIED_TOTALS, NOT_TRANSFER } from './classifiedTotals';
import { accountCurrencies, monthAxis, zeros } from './reportSeries';

/** Expense categories and the uncategorized bucket (key ''), spending positive. */
export const SPENDING_BY_CATEGORY_SQL = `
  SELECT a.currency, m.month,
         CASE WHEN g.kind IS NULL THEN '' ELSE m.category_key END AS category_key,
         sum(CASE WHEN g.kind IS NULL THEN -m.outflow ELSE -(m.inflow + m.outflow) END) AS spent,
         sum(m.count) AS count
  FROM ${CLASSIFIED_TOTALS}
  WHERE m.month BETWEEN ? AND ? AND ${NOT_TRANSFER} AND (g.kind IS NULL OR g.kind = 'expense')
  GROUP BY 1, 2, 3`;

const CATEGORY_NAMES_SQL = `
  SELECT c.id, c.name, g.name AS group_name
  FROM categories c JOIN category_groups g ON g.id = c.group_id`;

interface Row {
  currency: CurrencyCode;
  month: string;
  category_key: string;
  spent: number;
  count: number;
}

interface CategoryAccumulator {
  amounts: number[];
  count: number;
}

/** The name shown for uncategorized spending. */
export const UNCATEGORIZED = 'Uncategorized';

/**
 * Spending per expense category per month, per currency: the category's net outflow
 * (refunds booked to it lower it), plus uncategorized outflows under categoryId null.
 * A category is listed when it has at least one line in the range; largest total
 * first, then by name. The per-month totals equal incomeVsExpense's expense.
 */
export function spendingByCategory(db: SqlDatabase, range: ReportRange): SpendingByCategory {
  const axis = monthAxis(range.from, range.to);
  const byCurrency = new Map(
    accountCurrencies(db).map((currency) => [currency, new Map<string, CategoryAccumulator>()]),
  );
  for (const row of db.prepare(SPENDING_BY_CATEGORY_SQL).all(range.from, range.to) as Row[]) {
    const categories = byCurrency.get(row.currency);
    const index = axis.indexOf.get(row.month);
    if (!categories || index === undefined) continue;
    let category = categories.get(row.category_key);
    if (!category) {
      category = { amounts: zeros(axis), count: 0 };
      categories.set(row.category_key, category);
    }
    category.amounts[index] = row.spent;
    category.count += row.count;
  }
  const names = new Map(
    (
      db.prepare(CATEGORY_NAMES_SQL).all() as { id: string; name: string; group_name: string }[]
    ).map((row) => [row.id, row]),
  );
  return {
    months: axis.months,
    series: [...byCurrency].map(([currency, categories]) => {
      const listed = [...categories]
        .filter(([, category]) => category.count > 0)
        .map(([key, category]) => {
          const named = key === '' ? undefined : names.get(key);
          return {
            categoryId: key === '' ? null : key,
            name: named?.name ?? UNCATEGORIZED,
            groupName: named?.group_name ?? null,
            amounts: category.amounts,
            total: category.amounts.reduce((total, amount) => total + amount, 0),
          };
        })
        .sort(bySpendingThenName);
      const totals = axis.months.map((_month, index) =>
        listed.reduce((total, category) => total + (category.amounts[index] ?? 0), 0),
      );
      return {
        currency,
        categories: listed,
        totals,
        total: totals.reduce((total, amount) => total + amount, 0),
      };
    }),
  };
}

/** Largest total first; ties by name, then id, so the order is stable. */
export function bySpendingThenName(
  a: { total: number; name: string; categoryId: string | null },
  b: { total: number; name: string; categoryId: string | null },
): number {
  if (a.total !== b.total) return b.total - a.total;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const aId = a.categoryId ?? '';
  const bId = b.categoryId ?? '';
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}
