/**
 * Reports: spending by category, income vs expense, net worth, cash flow and top
 * payees, per currency and month. Each is a handful of SQL reads over the aggregate
 * tables the ledger's triggers maintain (monthly_totals, payee_month_totals), never a
 * scan of the transactions, so they answer in milliseconds at a million transactions.
 * Definitions: src-shared/contract/reports.ts.
 *
 * Known gap: payee_month_totals has no currency, so topPayees in a vault with several
 * currencies reads the range's transactions instead (a rowid range, not a whole-table
 * scan, but every row of the range: ~0.3 s for a year at 1M transactions). A migration
 * keying payee_month_totals by (month, currency, payee_id) would make it as fast as the
 * one-currency path.
 */
export { spendingByCategory, UNCATEGORIZED } from './spendingByCategory';
export { incomeVsExpense } from './incomeVsExpense';
export { netWorth } from './netWorth';
export { cashFlow } from './cashFlow';
export { topPayees, type TopPayeesInput } from './topPayees';
export { accountCurrencies } from './reportSeries';
