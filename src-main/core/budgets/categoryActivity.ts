import type { CurrencyCode, MonthString } from '../../../src-shared/domain';
import type { SqlDatabase } from '../db/openDatabase';

/** One category's lines in one month and currency, read from the maintained totals. */
export interface CategoryActivity {
  month: MonthString;
  /** A category id, or '' for uncategorized lines. */
  categoryKey: string;
  currency: CurrencyCode;
  /** inflow + outflow: negative when more left than came in. */
  net: number;
  /** Uncategorized spending needs the outflow alone (inflows there are income). */
  outflow: number;
  count: number;
}

/** monthly_totals by month, category and currency; transfers are never budget activity. */
export const CATEGORY_ACTIVITY_SQL = `
  SELECT m.month, m.category_key AS categoryKey, a.currency,
         sum(m.inflow + m.outflow) AS net, sum(m.outflow) AS outflow, sum(m.count) AS count
  FROM monthly_totals m JOIN accounts a ON a.id = m.account_id
  WHERE m.month BETWEEN ? AND ? AND m.category_key != '~transfer'
  GROUP BY m.month, m.category_key, a.currency`;

/** Activity per month, category and currency from `from` to `to`, both included. */
export function categoryActivity(
  db: SqlDatabase,
  from: MonthString,
  to: MonthString,
): CategoryActivity[] {
  return db.prepare(CATEGORY_ACTIVITY_SQL).all(from, to) as CategoryActivity[];
}
