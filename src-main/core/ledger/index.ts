/**
 * The ledger: accounts, categories, payees, tags, transactions (with splits and
 * transfers), search and bulk edit. Every write is one database transaction.
 */
export {
  listAccounts,
  getAccount,
  findAccountByName,
  createAccount,
  updateAccount,
} from './accounts';
export {
  listCategoryGroups,
  getCategory,
  findCategoryByName,
  createCategoryGroup,
  createCategory,
  updateCategory,
  deleteCategory,
} from './categories';
export { listPayees, getPayee, renamePayee, mergePayees, payeeIdFor } from './payees';
export { getTransaction, hydrateTransactions, type TransactionRow } from './transactionRead';
export {
  createTransaction,
  insertTransaction,
  updateTransaction,
  deleteTransaction,
  type TransactionDraft,
} from './transactionWrite';
export { createTransfer } from './transfers';
export { bulkEditTransactions } from './bulkEdit';
export { searchTransactions, ftsQuery } from './transactionSearch';
export { requireAccount, requireCategory } from './references';
export {
  firstRowidOn,
  firstRowidAfter,
  rowidFor,
  reserveSeqs,
  RowidAllocator,
  MIN_LEDGER_DATE,
} from './ledgerRowid';
