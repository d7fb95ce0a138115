import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import {
  MAX_RECEIPT_BYTES,
  type ReceiptMediaType,
  type ReceiptMeta,
} from '../../../src-shared/contract/expenses';
import { newId } from '../../../src-shared/domain/ids';
import { invalid, notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import type { ReceiptHashWorker } from './receiptHashWorker';
import { makeThumbnail } from './receiptThumbnail';
import { detectReceiptType, displayName } from './receiptType';

/** Size of one stored piece of a receipt. Small enough to stream, large enough to be few. */
export const RECEIPT_CHUNK_BYTES = 512 * 1024;

/**
 * A receipt checked and ready to store: type judged by content, size within bounds,
 * thumbnail made. Preparing is async (sharp); storing is a plain synchronous insert,
 * so it can join the database transaction that creates the expense.
 */
export interface PreparedReceipt {
  fileName: string;
  mediaType: ReceiptMediaType;
  bytes: Buffer;
  sha256: string;
  thumbnail: Buffer | null;
  width: number | null;
  height: number | null;
}

/** Checks a file's bytes and makes its thumbnail. Throws VALIDATION with one line. */
export async function prepareReceipt(
  fileName: string,
  bytes: Uint8Array,
): Promise<PreparedReceipt> {
  const name = cleanFileName(fileName);
  if (bytes.byteLength === 0) throw invalid(`${displayName(name)} is empty`);
  if (bytes.byteLength > MAX_RECEIPT_BYTES)
    throw invalid(`${displayName(name)} is larger than 25 MB; a receipt may be at most 25 MB`);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mediaType = detectReceiptType(buffer, name);
  const thumbnail = await makeThumbnail(buffer, mediaType, name);
  return {
    fileName: name,
    mediaType,
    bytes: buffer,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    thumbnail: thumbnail.bytes,
    width: thumbnail.width,
    height: thumbnail.height,
  };
}

/** Stores a prepared receipt on a transaction. Call inside a database transaction. */
export function insertReceipt(
  db: SqlDatabase,
  transactionId: string,
  receipt: PreparedReceipt,
): string {
  const exists = db.prepare('SELECT 1 FROM transactions WHERE id = ?').get(transactionId);
  if (!exists) throw notFound('transaction');
  const id = newId();
  const chunkCount = Math.max(1, Math.ceil(receipt.bytes.byteLength / RECEIPT_CHUNK_BYTES));
  db.prepare(
    `INSERT INTO receipts (id, transaction_id, file_name, media_type, size, sha256, chunk_count,
                           width, height, thumbnail, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    transactionId,
    receipt.fileName,
    receipt.mediaType,
    receipt.bytes.byteLength,
    receipt.sha256,
    chunkCount,
    receipt.width,
    receipt.height,
    receipt.thumbnail,
    new Date().toISOString(),
  );
  const chunk = db.prepare('INSERT INTO receipt_chunks (receipt_id, seq, data) VALUES (?, ?, ?)');
  for (let seq = 0; seq < chunkCount; seq += 1) {
    const start = seq * RECEIPT_CHUNK_BYTES;
    chunk.run(id, seq, receipt.bytes.subarray(start, start + RECEIPT_CHUNK_BYTES));
  }
  return id;
}

/** Attaches prepared receipts to a transaction, all or none. */
export function attachReceipts(
  db: SqlDatabase,
  transactionId: string,
  receipts: readonly PreparedReceipt[],
): ReceiptMeta[] {
  return db.transaction(() => {
    const ids = receipts.map((receipt) => insertReceipt(db, transactionId, receipt));
    return ids.map((id) => getReceiptMeta(db, id));
  })();
}

interface ReceiptRow {
  id: string;
  transaction_id: string;
  file_name: string;
  media_type: ReceiptMediaType;
  size: number;
  sha256: string;
  chunk_count: number;
  width: number | null;
  height: number | null;
  has_thumbnail: number;
  created_at: string;
}

const META_COLUMNS = `id, transaction_id, file_name, media_type, size, sha256, chunk_count, width,
  height, thumbnail IS NOT NULL AS has_thumbnail, created_at`;

function toMeta(row: ReceiptRow): ReceiptMeta {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    hasThumbnail: row.has_thumbnail === 1,
    createdAt: row.created_at,
  };
}

export function getReceiptMeta(db: SqlDatabase, id: string): ReceiptMeta {
  return toMeta(storedMeta(db, id));
}

/** A transaction's receipts, oldest first; NOT_FOUND when there is no such transaction. */
export function listReceipts(db: SqlDatabase, transactionId: string): ReceiptMeta[] {
  if (!db.prepare('SELECT 1 FROM transactions WHERE id = ?').get(transactionId))
    throw notFound('transaction');
  return listReceiptsFor(db, [transactionId]).get(transactionId) ?? [];
}

/** Receipts of many transactions at once, by transaction id (for lists and reports). */
export function listReceiptsFor(
  db: SqlDatabase,
  transactionIds: readonly string[],
): Map<string, ReceiptMeta[]> {
  const byTransaction = new Map<string, ReceiptMeta[]>();
  if (transactionIds.length === 0) return byTransaction;
  const rows = db
    .prepare(
      `SELECT ${META_COLUMNS} FROM receipts
       WHERE transaction_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(transactionIds)) as ReceiptRow[];
  for (const row of rows) {
    const list = byTransaction.get(row.transaction_id) ?? [];
    list.push(toMeta(row));
    byTransaction.set(row.transaction_id, list);
  }
  return byTransaction;
}

/**
 * The statements the read path runs for every receipt, prepared once per connection: a
 * report reads thousands of receipts, and preparing three statements for each cost more
 * than reading a small receipt's one piece.
 */
interface ReadStatements {
  meta: Database.Statement;
  stored: Database.Statement;
  chunkCount: Database.Statement;
  chunk: Database.Statement;
  thumbnail: Database.Statement;
}

const readStatementsByDb = new WeakMap<SqlDatabase, ReadStatements>();

function readStatements(db: SqlDatabase): ReadStatements {
  let statements = readStatementsByDb.get(db);
  if (!statements) {
    statements = {
      meta: db.prepare(`SELECT ${META_COLUMNS} FROM receipts WHERE id = ?`),
      // Only columns stored before the thumbnail: created_at comes after it in the row,
      // and reaching it means reading (and decrypting) the thumbnail's overflow pages.
      stored: db.prepare('SELECT size, sha256, chunk_count FROM receipts WHERE id = ?'),
      chunkCount: db.prepare('SELECT chunk_count FROM receipts WHERE id = ?'),
      chunk: db.prepare('SELECT data FROM receipt_chunks WHERE receipt_id = ? AND seq = ?'),
      thumbnail: db.prepare('SELECT thumbnail FROM receipts WHERE id = ?'),
    };
    readStatementsByDb.set(db, statements);
  }
  return statements;
}

function storedMeta(db: SqlDatabase, id: string): ReceiptRow {
  const row = readStatements(db).meta.get(id) as ReceiptRow | undefined;
  if (!row) throw notFound('receipt');
  return row;
}

function* storedChunks(db: SqlDatabase, id: string, chunkCount: number): Generator<Buffer> {
  const statement = readStatements(db).chunk;
  for (let seq = 0; seq < chunkCount; seq += 1) {
    const row = statement.get(id, seq) as { data: Buffer } | undefined;
    if (!row) throw new Error('a receipt is missing a stored piece');
    yield row.data;
  }
}

/**
 * The receipt's pieces in order, read one at a time, so a caller that streams (an
 * export to a file the user chose) never holds the whole file.
 */
export function* readReceiptChunks(db: SqlDatabase, id: string): Generator<Buffer> {
  const stored = readStatements(db).chunkCount.get(id) as { chunk_count: number } | undefined;
  if (!stored) throw notFound('receipt');
  yield* storedChunks(db, id, stored.chunk_count);
}

const HASH_MISMATCH = 'a stored receipt does not match its recorded hash';

/** The whole receipt and its recorded size and hash; size checked, hash not yet. */
function readWholeReceipt(db: SqlDatabase, id: string): { bytes: Buffer; sha256: string } {
  const meta = readStatements(db).stored.get(id) as
    { size: number; sha256: string; chunk_count: number } | undefined;
  if (!meta) throw notFound('receipt');
  const chunks = [...storedChunks(db, id, meta.chunk_count)];
  // Most receipts are one piece (under 512 KB): use it as it is rather than copy it.
  const bytes = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
  if (bytes.byteLength !== meta.size) throw new Error(HASH_MISMATCH);
  return { bytes, sha256: meta.sha256 };
}

/** The receipt's bytes, checked against the size and hash recorded when it was stored. */
export function readReceiptBytes(db: SqlDatabase, id: string): Buffer {
  const { bytes, sha256 } = readWholeReceipt(db, id);
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error(HASH_MISMATCH);
  return bytes;
}

/**
 * For an export that embeds many receipts (the expense report): the receipt's bytes at
 * once, size checked, and `check`, to call once the caller is done with the bytes. It
 * hands them to `hasher` (a worker thread; the Buffer is emptied) and resolves once
 * their SHA-256 matches the hash recorded when the receipt was stored, or rejects as
 * `readReceiptBytes` throws. It is exactly `readReceiptBytes`' check, only off the main
 * thread, so hashing one receipt overlaps reading and laying out the next. The caller
 * must not publish anything made from the bytes before `check` has resolved (the report
 * awaits every check before its file is moved into place).
 */
export function readReceiptBytesCheckedLater(
  db: SqlDatabase,
  id: string,
  hasher: ReceiptHashWorker,
): { bytes: Buffer; check: () => Promise<void> } {
  const { bytes, sha256 } = readWholeReceipt(db, id);
  const check = async () => {
    if ((await hasher.sha256(bytes)) !== sha256) throw new Error(HASH_MISMATCH);
  };
  return { bytes, check };
}

/** The receipt's JPEG thumbnail, or null when it has none (PDF, HEIC). */
export function readReceiptThumbnail(db: SqlDatabase, id: string): Buffer | null {
  const row = readStatements(db).thumbnail.get(id) as { thumbnail: Buffer | null } | undefined;
  if (!row) throw notFound('receipt');
  return row.thumbnail;
}

/** Deletes one receipt (its pieces go with it). Returns how many were deleted. */
export function deleteReceipt(db: SqlDatabase, id: string): number {
  return db.prepare('DELETE FROM receipts WHERE id = ?').run(id).changes;
}

/** The name shown for a receipt: the base name only, bounded, without control characters. */
function cleanFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return clean.slice(0, 255) || 'receipt';
}
