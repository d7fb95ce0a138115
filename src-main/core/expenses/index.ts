/**
 * Expenses: ledger transactions with expense details (business, tax-deductible and
 * reimbursable flags, reimbursement status, mileage) and receipts (core/receipts).
 * Every expense appears in the ledger like any other transaction.
 */
export {
  createExpense,
  createMileageExpense,
  getExpense,
  listExpenses,
  updateExpense,
  deleteExpense,
  isExpense,
  type ExpenseVault,
} from './expenseStore';
export {
  listExpensesForReport,
  totalsByCategory,
  readReceiptBytes,
  readReceiptThumbnail,
  type ExpenseReportRow,
  type ExpenseReportLine,
} from './expenseReport';
export { getMileageRate, setMileageRate, MILEAGE_RATE_SETTING } from './mileageRate';
export {
  mileageAmount,
  parseDistance,
  parseRate,
  formatRate,
  formatDistance,
  parseScaledDecimal,
  formatScaledDecimal,
} from './mileage';
