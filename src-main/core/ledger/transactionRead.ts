import type { Transaction } from '../../../src-shared/contract/ledger';
import type { DateString } from '../../../src-shared/domain';
import { notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';

/** A stored transaction as SQL returns it (see TRANSACTION_COLUMNS). */
export interface TransactionRow {
  rowid: number;
  id: string;
  account_id: string;
  date: DateString;
  amount: number;
  payee_id: string | null;
  payee: string | null;
  memo: string;
  category_id: string | null;
  status: Transaction['status'];
  external_id: string | null;
  transfer_id: string | null;
  transfer_account_id: string | null;
  is_split: number;
  created_at: string;
  updated_at: string;
}

/** Columns for TransactionRow; the query must alias transactions as t. */
export const TRANSACTION_COLUMNS = `
  t.rowid AS rowid, t.id, t.account_id, t.date, t.amount, t.payee_id,
  (SELECT name FROM payees WHERE id = t.payee_id) AS payee,
  t.memo, t.category_id, t.status, t.external_id, t.transfer_id,
  (SELECT account_id FROM transactions o WHERE o.id = t.transfer_id) AS transfer_account_id,
  t.is_split, t.created_at, t.updated_at`;

/** Turns rows into contract transactions, loading splits and tags for all of them at once. */
export function hydrateTransactions(
  db: SqlDatabase,
  rows: readonly TransactionRow[],
): Transaction[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((row) => row.id));
  const splits = db
    .prepare(
      `SELECT id, transaction_id, category_id, amount, memo FROM transaction_splits
       WHERE transaction_id IN (SELECT value FROM json_each(?)) ORDER BY position`,
    )
    .all(ids) as {
    id: string;
    transaction_id: string;
    category_id: string | null;
    amount: number;
    memo: string;
  }[];
  const tags = db
    .prepare(
      `SELECT tt.transaction_id, g.name FROM transaction_tags tt JOIN tags g ON g.id = tt.tag_id
       WHERE tt.transaction_id IN (SELECT value FROM json_each(?)) ORDER BY g.name`,
    )
    .all(ids) as { transaction_id: string; name: string }[];
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    date: row.date,
    amount: row.amount,
    payeeId: row.payee_id,
    payee: row.payee,
    memo: row.memo,
    categoryId: row.category_id,
    status: row.status,
    externalId: row.external_id,
    transfer:
      row.transfer_id && row.transfer_account_id
        ? { transactionId: row.transfer_id, accountId: row.transfer_account_id }
        : null,
    splits: splits
      .filter((split) => split.transaction_id === row.id)
      .map((split) => ({
        id: split.id,
        categoryId: split.category_id,
        amount: split.amount,
        memo: split.memo,
      })),
    tags: tags.filter((tag) => tag.transaction_id === row.id).map((tag) => tag.name),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export function getTransactionRow(db: SqlDatabase, id: string): TransactionRow {
  const row = db
    .prepare(`SELECT ${TRANSACTION_COLUMNS} FROM transactions t WHERE t.id = ?`)
    .get(id) as TransactionRow | undefined;
  if (!row) throw notFound('transaction');
  return row;
}

export function getTransaction(db: SqlDatabase, id: string): Transaction {
  const [transaction] = hydrateTransactions(db, [getTransactionRow(db, id)]);
  if (!transaction) throw notFound('transaction');
  return transaction;
}
