import type { SqlDatabase } from '../db/openDatabase';

/** Test-only: recomputes monthly_totals from the rows, to prove the triggers keep them right. */
export function _naiveMonthlyTotals(
  db: SqlDatabase,
): { key: string; inflow: number; outflow: number; count: number }[] {
  return db
    .prepare(
      `WITH lines AS (
         SELECT substr(date, 1, 7) AS month, account_id,
                CASE WHEN transfer_id IS NOT NULL THEN '~transfer' ELSE coalesce(category_id, '') END AS category_key,
                amount
         FROM transactions WHERE is_split = 0
         UNION ALL
         SELECT substr(p.date, 1, 7), p.account_id, coalesce(s.category_id, ''), s.amount
         FROM transaction_splits s JOIN transactions p ON p.id = s.transaction_id)
       SELECT month || '|' || account_id || '|' || category_key AS key,
              sum(max(amount, 0)) AS inflow, sum(min(amount, 0)) AS outflow, count(*) AS count
       FROM lines GROUP BY 1 ORDER BY 1`,
    )
    .all() as { key: string; inflow: number; outflow: number; count: number }[];
}

/** The maintained totals in the same shape, leaving out buckets that emptied to zero. */
export function _maintainedMonthlyTotals(
  db: SqlDatabase,
): { key: string; inflow: number; outflow: number; count: number }[] {
  return db
    .prepare(
      `SELECT month || '|' || account_id || '|' || category_key AS key, inflow, outflow, count
       FROM monthly_totals WHERE count != 0 OR inflow != 0 OR outflow != 0 ORDER BY 1`,
    )
    .all() as { key: string; inflow: number; outflow: number; count: number }[];
}
