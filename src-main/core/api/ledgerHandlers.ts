import {
  bulkEditTransactions,
  createAccount,
  createCategory,
  createCategoryGroup,
  createTransaction,
  createTransfer,
  deleteCategory,
  deleteTransaction,
  getTransaction,
  listAccounts,
  listCategoryGroups,
  listPayees,
  mergePayees,
  renamePayee,
  searchTransactions,
  updateAccount,
  updateCategory,
  updateTransaction,
} from '../ledger';
import { notFound } from '../coreError';
import { deleteExpense, isExpense } from '../expenses';
import type { DomainChannels, HandlerMap } from './handlerTypes';
import type { TransactionDraftTransform } from './transactionDraftTransform';

type LedgerChannel = DomainChannels<'accounts' | 'categories' | 'payees' | 'transactions'>;

/**
 * The ledger's handlers. `transformDraft` is where rules rewrite a new transaction
 * before it is stored (injected, so the ledger does not depend on the rules).
 */
export function ledgerHandlers(
  transformDraft: TransactionDraftTransform,
): HandlerMap<LedgerChannel> {
  return {
    'accounts.list': ({ includeArchived }, { session }) =>
      listAccounts(session.requireVault().db, includeArchived),
    'accounts.create': (input, { session }) => createAccount(session.requireVault().db, input),
    'accounts.update': (input, { session }) => updateAccount(session.requireVault().db, input),

    'categories.list': (_input, { session }) => listCategoryGroups(session.requireVault().db),
    'categories.createGroup': ({ name, kind }, { session }) =>
      createCategoryGroup(session.requireVault().db, name, kind),
    'categories.create': ({ groupId, name }, { session }) =>
      createCategory(session.requireVault().db, groupId, name),
    'categories.update': (input, { session }) => updateCategory(session.requireVault().db, input),
    'categories.delete': ({ id, reassignTo }, { session }) => ({
      reassigned: deleteCategory(session.requireVault().db, id, reassignTo),
    }),

    'payees.list': ({ search, limit }, { session }) =>
      listPayees(session.requireVault().db, search, limit),
    'payees.rename': ({ id, name }, { session }) =>
      renamePayee(session.requireVault().db, id, name),
    'payees.merge': ({ sourceIds, targetId }, { session }) => ({
      moved: mergePayees(session.requireVault().db, sourceIds, targetId),
    }),

    'transactions.list': (query, { session }) =>
      searchTransactions(session.requireVault().db, query),
    'transactions.get': ({ id }, { session }) => getTransaction(session.requireVault().db, id),
    'transactions.create': ({ applyRules, ...draft }, { session }) => {
      const db = session.requireVault().db;
      return createTransaction(db, applyRules ? transformDraft(db, draft) : draft);
    },
    'transactions.update': ({ id, patch }, { session }) =>
      updateTransaction(session.requireVault().db, id, patch),
    'transactions.delete': ({ id }, { session }) => {
      const vault = session.requireVault();
      // An expense deleted from the ledger is still an expense deletion: audit it.
      const deleted = isExpense(vault.db, id)
        ? deleteExpense(vault, id)
        : deleteTransaction(vault.db, id);
      if (deleted === 0) throw notFound('transaction');
      return { deleted };
    },
    'transactions.transfer': (input, { session }) =>
      createTransfer(session.requireVault().db, input),
    'transactions.bulkEdit': (input, { session }) => ({
      updated: bulkEditTransactions(session.requireVault().db, input),
    }),
  };
}
