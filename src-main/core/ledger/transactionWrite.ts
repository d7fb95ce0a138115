import type {
  ParsedTransactionInput,
  Transaction,
  TransactionPatch,
} from '../../../src-shared/contract/ledger';
import { newId } from '../../../src-shared/domain/ids';
import { conflict, invalid } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { reserveSeqs, rowidFor } from './ledgerRowid';
import { payeeIdFor } from './payees';
import { requireAccount, requireCategory } from './references';
import { assertSplitsSumToAmount, deleteSplits, insertSplits } from './splits';
import { setTransactionTags } from './tags';
import { getTransaction, getTransactionRow, type TransactionRow } from './transactionRead';

/** What a new transaction looks like before it is stored; rules may rewrite it. */
export type TransactionDraft = Omit<ParsedTransactionInput, 'applyRules'>;

/**
 * Stores a transaction with its splits and tags, in one database transaction.
 * A repeated external id in the same account is a CONFLICT (imports dedupe on it).
 */
export function createTransaction(db: SqlDatabase, draft: TransactionDraft): Transaction {
  return db.transaction(() => getTransaction(db, insertTransaction(db, draft)))();
}

/** The insert itself, for callers already inside a transaction (imports, transfers). */
export function insertTransaction(
  db: SqlDatabase,
  draft: TransactionDraft,
  link: { id: string; transferId: string } | null = null,
): string {
  const account = requireAccount(db, draft.accountId);
  if (draft.categoryId) requireCategory(db, draft.categoryId);
  assertSplitsSumToAmount(draft.splits, draft.amount, account.currency);
  const id = link?.id ?? newId();
  const now = new Date().toISOString();
  const isSplit = draft.splits.length > 0;
  try {
    db.prepare(
      `INSERT INTO transactions (rowid, id, account_id, date, amount, payee_id, memo, category_id, status,
                                 external_id, transfer_id, is_split, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      rowidFor(draft.date, reserveSeqs(db, 1)),
      id,
      draft.accountId,
      draft.date,
      draft.amount,
      payeeIdFor(db, draft.payee),
      draft.memo,
      isSplit ? null : draft.categoryId,
      draft.status,
      draft.externalId,
      link?.transferId ?? null,
      isSplit ? 1 : 0,
      now,
      now,
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw conflict('a transaction with this external id already exists in this account');
    }
    throw error;
  }
  if (isSplit) insertSplits(db, id, draft.splits);
  if (draft.tags.length > 0) setTransactionTags(db, id, draft.tags);
  return id;
}

/**
 * Applies a patch. Editing one side of a transfer updates the other: date, memo,
 * status, and the amount (negated) when both accounts share a currency.
 */
export function updateTransaction(
  db: SqlDatabase,
  id: string,
  patch: TransactionPatch,
): Transaction {
  return db.transaction(() => {
    const current = getTransactionRow(db, id);
    if (current.transfer_id) {
      updateTransferSide(db, current, patch);
    } else {
      applyPatch(db, current, patch);
    }
    return getTransaction(db, id);
  })();
}

function applyPatch(db: SqlDatabase, current: TransactionRow, patch: TransactionPatch): void {
  const accountId = patch.accountId ?? current.account_id;
  const account = requireAccount(db, accountId);
  const amount = patch.amount ?? current.amount;
  const date = patch.date ?? current.date;
  if (patch.categoryId) requireCategory(db, patch.categoryId);

  const replacingSplits = patch.splits !== undefined;
  const willBeSplit = replacingSplits ? (patch.splits?.length ?? 0) > 0 : current.is_split === 1;
  if (replacingSplits) {
    assertSplitsSumToAmount(patch.splits ?? [], amount, account.currency);
  } else if (current.is_split === 1 && amount !== current.amount) {
    throw invalid('this transaction is split: send new splits that add up to the new amount');
  }

  if (replacingSplits) deleteSplits(db, current.id);
  db.prepare(
    `UPDATE transactions SET rowid = ?, account_id = ?, date = ?, amount = ?, payee_id = ?, memo = ?,
       category_id = ?, status = ?, is_split = ?, updated_at = ? WHERE id = ?`,
  ).run(
    date === current.date ? current.rowid : rowidFor(date, reserveSeqs(db, 1)),
    accountId,
    date,
    amount,
    patch.payee === undefined ? current.payee_id : payeeIdFor(db, patch.payee),
    patch.memo ?? current.memo,
    willBeSplit ? null : patch.categoryId === undefined ? current.category_id : patch.categoryId,
    patch.status ?? current.status,
    willBeSplit ? 1 : 0,
    new Date().toISOString(),
    current.id,
  );
  if (replacingSplits && willBeSplit) insertSplits(db, current.id, patch.splits ?? []);
  if (patch.tags) setTransactionTags(db, current.id, patch.tags);
}

function updateTransferSide(
  db: SqlDatabase,
  current: TransactionRow,
  patch: TransactionPatch,
): void {
  if (patch.categoryId !== undefined || patch.splits !== undefined || patch.payee !== undefined) {
    throw invalid(
      'a transfer has no category, splits or payee; edit its date, amount, memo or status',
    );
  }
  const otherId = current.transfer_id;
  if (!otherId) return;
  const other = getTransactionRow(db, otherId);
  if (patch.accountId !== undefined && patch.accountId === other.account_id) {
    throw invalid('a transfer cannot go from an account to itself');
  }
  const sameCurrency =
    requireAccount(db, patch.accountId ?? current.account_id).currency ===
    requireAccount(db, other.account_id).currency;
  applyPatch(db, current, {
    accountId: patch.accountId,
    date: patch.date,
    amount: patch.amount,
    memo: patch.memo,
    status: patch.status,
    tags: patch.tags,
  });
  applyPatch(db, other, {
    date: patch.date,
    amount: patch.amount !== undefined && sameCurrency ? -patch.amount : undefined,
    memo: patch.memo,
    status: patch.status,
  });
}

/** Deletes a transaction (both sides of a transfer), splits first so the totals stay right. */
export function deleteTransaction(db: SqlDatabase, id: string): number {
  return db.transaction(() => {
    const current = getTransactionRow(db, id);
    const ids = current.transfer_id ? [current.id, current.transfer_id] : [current.id];
    let deleted = 0;
    for (const target of ids) {
      deleteSplits(db, target);
      deleted += db.prepare('DELETE FROM transactions WHERE id = ?').run(target).changes;
    }
    return deleted;
  })();
}
