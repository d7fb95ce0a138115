import type { ParsedTransactionQuery, Transaction } from '../../../src-shared/contract/ledger';
import { invalid } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { firstRowidAfter, firstRowidOn } from './ledgerRowid';
import { hydrateTransactions, TRANSACTION_COLUMNS, type TransactionRow } from './transactionRead';

interface Cursor {
  rowid: number;
  amount?: number;
}

/**
 * Lists transactions with full-text search and filters, paged by keyset.
 *
 * The rowid is date-ordered (ledgerRowid.ts) and shared with the FTS index, so the
 * default "newest first" order needs no sort: a common word's first page reads the
 * FTS doclist backwards and stops after `limit` rows, however many rows match.
 * The next page starts after the last row's key, never with OFFSET.
 */
export function searchTransactions(
  db: SqlDatabase,
  query: ParsedTransactionQuery,
  tuning: { rareCategoryRows?: number } = {},
): { items: Transaction[]; nextCursor: string | null } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const match = ftsQuery(query.search);
  const byDate = query.sort === 'date_desc' || query.sort === 'date_asc';
  // With a text search, the FTS table drives and shares the rowid; without, the table.
  const key = match ? 'f.rowid' : 't.rowid';
  const from = match
    ? 'transactions_fts f JOIN transactions t ON t.rowid = f.rowid'
    : 'transactions t';
  if (match) {
    where.push('transactions_fts MATCH ?');
    params.push(match);
  }
  if (query.from) {
    where.push(`${key} >= ?`);
    params.push(firstRowidOn(query.from));
  }
  if (query.to) {
    where.push(`${key} < ?`);
    params.push(firstRowidAfter(query.to));
  }
  if (query.accountId) {
    where.push('t.account_id = ?');
    params.push(query.accountId);
  }
  if (query.categoryId) {
    // A split transaction matches through any of its parts.
    if (isRareCategory(db, query.categoryId, tuning.rareCategoryRows ?? RARE_CATEGORY_ROWS)) {
      // Few rows: collect their rowids through the two category indexes and let the page
      // walk that small set in rowid order. Walking the table instead would read all of
      // it for a category with no recent rows (1 s at 1M rows for "Income tax").
      where.push(
        `t.rowid IN (SELECT rowid FROM transactions WHERE category_id = ?
           UNION ALL SELECT p.rowid FROM transaction_splits s JOIN transactions p ON p.id = s.transaction_id
           WHERE s.category_id = ? AND p.is_split = 1)`,
      );
    } else {
      // Many rows: walking the table newest first meets 100 of them soon. The unary +
      // keeps SQLite on the parent index for the EXISTS (the category index reads every
      // split of the category).
      where.push(
        `(t.category_id = ? OR (t.is_split = 1 AND EXISTS (
           SELECT 1 FROM transaction_splits s WHERE s.transaction_id = t.id AND +s.category_id = ?)))`,
      );
    }
    params.push(query.categoryId, query.categoryId);
  }
  if (query.uncategorized)
    where.push('t.category_id IS NULL AND t.is_split = 0 AND t.transfer_id IS NULL');
  if (query.minAmount !== undefined) {
    where.push('t.amount >= ?');
    params.push(query.minAmount);
  }
  if (query.maxAmount !== undefined) {
    where.push('t.amount <= ?');
    params.push(query.maxAmount);
  }

  const cursor = query.cursor ? decodeCursor(query.cursor, byDate) : null;
  const descending = query.sort === 'date_desc' || query.sort === 'amount_desc';
  const op = descending ? '<' : '>';
  if (cursor && byDate) {
    where.push(`${key} ${op} ?`);
    params.push(cursor.rowid);
  } else if (cursor && cursor.amount !== undefined) {
    where.push(`(t.amount ${op} ? OR (t.amount = ? AND ${key} ${op} ?))`);
    params.push(cursor.amount, cursor.amount, cursor.rowid);
  }
  const direction = descending ? 'DESC' : 'ASC';
  const order = byDate ? `${key} ${direction}` : `t.amount ${direction}, ${key} ${direction}`;

  const rows = db
    .prepare(
      `SELECT ${TRANSACTION_COLUMNS} FROM ${from}
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${order} LIMIT ?`,
    )
    .all(...params, query.limit + 1) as TransactionRow[];

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor(byDate ? { rowid: last.rowid } : { rowid: last.rowid, amount: last.amount })
      : null;
  return { items: hydrateTransactions(db, page), nextCursor };
}

/** Below this many rows (plain + split lines) a category filter uses its indexes, not a table walk. */
const RARE_CATEGORY_ROWS = 5_000;

/** Counts at most `limit` rows of each kind through the category indexes: a bounded probe. */
function isRareCategory(db: SqlDatabase, categoryId: string, limit: number): boolean {
  const { n } = db
    .prepare(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM transactions WHERE category_id = ? LIMIT ?))
            + (SELECT count(*) FROM (SELECT 1 FROM transaction_splits WHERE category_id = ? LIMIT ?)) AS n`,
    )
    .get(categoryId, limit, categoryId, limit) as { n: number };
  return n < limit;
}

/**
 * User text → an FTS5 query: every word must appear, as a prefix ("coff" finds
 * "Coffee"). Each word is quoted, so FTS syntax in user text is never interpreted.
 */
export function ftsQuery(text: string | undefined): string | null {
  const words = (text ?? '')
    .split(/\s+/)
    .map((word) => word.replace(/"/g, '').trim())
    .filter((word) => word.length > 0)
    .slice(0, 10);
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, byDate: boolean): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (Number.isSafeInteger(parsed.rowid) && (byDate || Number.isSafeInteger(parsed.amount))) {
      return parsed as Cursor;
    }
  } catch {
    // fall through to the one error below
  }
  throw invalid('the page cursor is not valid for this query');
}
