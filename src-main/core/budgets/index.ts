/**
 * Budgets: a monthly amount per category, optional rollover of the unspent remainder,
 * actual against budgeted, "left to spend this month" and income vs expenses.
 * Definitions: src-shared/contract/budgets.ts. Actual figures come from the totals the
 * ledger's triggers maintain: a month's budget reads aggregate rows (a few thousand at most,
 * for long rollover runs), never the transactions.
 */
export { getBudgetMonth } from './budgetMonth';
export { setBudget, copyBudgetsFromPreviousMonth, type BudgetInput } from './budgetWrite';
export { budgetCurrency, requireBudgetCurrency } from './budgetCurrency';
