/**
 * Budgets: a monthly amount per category, optional rollover of the unspent remainder,
 * actual against budgeted, "left to spend this month" and income vs expenses.
 * Definitions: src-shared/contract/budgets.ts. Actual figures come from the totals the
 * ledger's triggers maintain, so a month's budget reads a few hundred rows at most.
 */
export { getBudgetMonth } from './budgetMonth';
export { setBudget, copyBudgetsFromPreviousMonth, type BudgetInput } from './budgetWrite';
export { budgetCurrency, requireBudgetCurrency } from './budgetCurrency';
export { carriedIn } from './rollover';
