import { z } from 'zod';
import type { BackupInfo, BackupUploadState } from '../../../src-shared/contract/cloud/backupsWire';
import type { Tx } from '../db/database';
import { backupsToPrune, type RetentionPolicy } from './retention';

/*
 * Backup rows and parts (migration 0004_backups). Every function runs in a transaction
 * scoped to the caller's user, so row-level security already limits it to their backups;
 * the queries still name the user where they can, as a second lock on the same door.
 */

const BackupRow = z.object({
  id: z.string(),
  total_bytes: z.coerce.number(),
  part_bytes: z.coerce.number(),
  part_count: z.coerce.number(),
  created_at: z.coerce.date(),
  completed_at: z.coerce.date().nullable(),
});
type BackupRecord = z.infer<typeof BackupRow>;

const COLUMNS = 'id, total_bytes, part_bytes, part_count, created_at, completed_at';

export function toInfo(row: BackupRecord): BackupInfo {
  return {
    id: row.id,
    status: row.completed_at === null ? 'uploading' : 'complete',
    sizeBytes: row.total_bytes,
    partBytes: row.part_bytes,
    partCount: row.part_count,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

export function partCountFor(totalBytes: number, partBytes: number): number {
  return Math.ceil(totalBytes / partBytes);
}

/** The exact size part `index` must have. */
export function expectedPartSize(
  row: Pick<BackupRecord, 'total_bytes' | 'part_bytes' | 'part_count'>,
  index: number,
): number {
  if (index < row.part_count - 1) return row.part_bytes;
  return row.total_bytes - row.part_bytes * (row.part_count - 1);
}

export async function loadBackup(
  tx: Tx,
  id: string,
  forUpdate = false,
): Promise<BackupRecord | undefined> {
  const { rows } = await tx.query(
    `SELECT ${COLUMNS} FROM backups WHERE id = $1 AND user_id = app_user_id()${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] === undefined ? undefined : BackupRow.parse(rows[0]);
}

export async function receivedParts(tx: Tx, id: string): Promise<number[]> {
  const { rows } = await tx.query<{ part_index: number }>(
    'SELECT part_index FROM backup_parts WHERE backup_id = $1 ORDER BY part_index',
    [id],
  );
  return rows.map((r) => Number(r.part_index));
}

export async function uploadState(tx: Tx, row: BackupRecord): Promise<BackupUploadState> {
  return {
    ...toInfo(row),
    receivedParts: row.completed_at === null ? await receivedParts(tx, row.id) : [],
  };
}

export type CreateOutcome =
  { ok: true; created: boolean; row: BackupRecord } | { ok: false; reason: 'conflict' };

/**
 * Starts an upload, or finds the one this client started before with the same shape (a
 * resumed upload sends the same request again). The same id with another shape, or an id
 * already taken, is a conflict.
 */
export async function createBackup(
  tx: Tx,
  userId: string,
  request: { id: string; totalBytes: number; partBytes: number },
  now: Date,
): Promise<CreateOutcome> {
  const existing = await loadBackup(tx, request.id, true);
  if (existing !== undefined) {
    const same =
      existing.completed_at === null &&
      existing.total_bytes === request.totalBytes &&
      existing.part_bytes === request.partBytes;
    return same ? { ok: true, created: false, row: existing } : { ok: false, reason: 'conflict' };
  }
  const partCount = partCountFor(request.totalBytes, request.partBytes);
  // ON CONFLICT DO NOTHING: an id another account already uses (invisible here) is refused
  // without an error that would abort the transaction.
  const inserted = await tx.query(
    `INSERT INTO backups (id, user_id, total_bytes, part_bytes, part_count, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
    [request.id, userId, request.totalBytes, request.partBytes, partCount, now],
  );
  if (inserted.rows[0] === undefined) return { ok: false, reason: 'conflict' };
  return { ok: true, created: true, row: BackupRow.parse(inserted.rows[0]) };
}

/**
 * Stores (or replaces) one part of an upload in progress. Parts travel to and from the
 * database as hex text: Node and Postgres both convert that natively, where the embedded
 * PGlite's own bytea conversion runs byte by byte in JavaScript (5 to 10 times slower).
 */
export async function putPart(
  tx: Tx,
  userId: string,
  backupId: string,
  index: number,
  data: Buffer,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO backup_parts (backup_id, user_id, part_index, data, received_at)
     VALUES ($1, $2, $3, decode($4, 'hex'), $5)
     ON CONFLICT (backup_id, part_index) DO UPDATE SET data = EXCLUDED.data, received_at = EXCLUDED.received_at`,
    [backupId, userId, index, data.toString('hex'), now],
  );
}

/** Sum of stored part sizes and how many there are. */
export async function storedTotals(
  tx: Tx,
  backupId: string,
): Promise<{ parts: number; bytes: number }> {
  const { rows } = await tx.query<{ parts: string | number; bytes: string | number | null }>(
    'SELECT count(*) AS parts, sum(octet_length(data)) AS bytes FROM backup_parts WHERE backup_id = $1',
    [backupId],
  );
  return { parts: Number(rows[0]?.parts ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
}

export async function markComplete(tx: Tx, backupId: string, now: Date): Promise<BackupRecord> {
  const { rows } = await tx.query(
    `UPDATE backups SET completed_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
    [backupId, now],
  );
  return BackupRow.parse(rows[0]);
}

export async function listBackups(tx: Tx): Promise<BackupRecord[]> {
  const { rows } = await tx.query(
    `SELECT ${COLUMNS} FROM backups WHERE user_id = app_user_id() ORDER BY created_at DESC, id DESC`,
  );
  return rows.map((r) => BackupRow.parse(r));
}

export async function readPart(
  tx: Tx,
  backupId: string,
  index: number,
): Promise<Buffer | undefined> {
  const { rows } = await tx.query<{ data_hex: string }>(
    `SELECT encode(data, 'hex') AS data_hex FROM backup_parts WHERE backup_id = $1 AND part_index = $2`,
    [backupId, index],
  );
  const hex = rows[0]?.data_hex;
  return hex === undefined ? undefined : Buffer.from(hex, 'hex');
}

export async function deleteBackup(tx: Tx, backupId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'DELETE FROM backups WHERE id = $1 AND user_id = app_user_id()',
    [backupId],
  );
  return rowCount > 0;
}

/** Applies retention to the user's completed backups; returns the ids it deleted. */
export async function pruneCompleted(tx: Tx, policy: RetentionPolicy): Promise<string[]> {
  const completed = (await listBackups(tx)).filter((b) => b.completed_at !== null);
  const doomed = backupsToPrune(
    completed.map((b) => ({ id: b.id, completedAt: b.completed_at ?? b.created_at })),
    policy,
  );
  for (const id of doomed) await deleteBackup(tx, id);
  return doomed;
}

/** Deletes the user's uploads that never completed and started before `olderThan`. */
export async function pruneAbandoned(tx: Tx, olderThan: Date): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `DELETE FROM backups WHERE user_id = app_user_id() AND completed_at IS NULL AND created_at < $1 RETURNING id`,
    [olderThan],
  );
  return rows.map((r) => r.id);
}
