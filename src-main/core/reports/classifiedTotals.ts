/*
 * The SQL every flow report shares: `monthly_totals` rows (alias m) with their account's
 * currency (a) and their category's kind (g). `monthly_totals` is kept by triggers on
 * every write (see migration 0002), so these queries read a few rows per month, account
 * and category instead of the transactions, however many there are.
 *
 * g.kind is NULL for uncategorized lines (category_key '') and would also be NULL for a
 * key whose category is gone (deleting a category reassigns its rows, so that should
 * not happen); both count as uncategorized. Transfers ('~transfer') must be excluded by
 * every caller with NOT_TRANSFER: their key matches no category either.
 */
export const CLASSIFIED_TOTALS = `
  monthly_totals m
  JOIN accounts a ON a.id = m.account_id
  LEFT JOIN categories c ON c.id = m.category_key
  LEFT JOIN category_groups g ON g.id = c.group_id`;

export const NOT_TRANSFER = `m.category_key != '~transfer'`;

/** Income: net activity of income categories plus uncategorized inflows. */
export const INCOME = `CASE WHEN g.kind = 'income' THEN m.inflow + m.outflow
  WHEN g.kind IS NULL THEN m.inflow ELSE 0 END`;

/** Expense, positive: net outflow of expense categories plus uncategorized outflows. */
export const EXPENSE = `CASE WHEN g.kind = 'expense' THEN -(m.inflow + m.outflow)
  WHEN g.kind IS NULL THEN -m.outflow ELSE 0 END`;
