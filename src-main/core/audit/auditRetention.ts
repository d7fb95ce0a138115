import { z } from 'zod';
import type { SqlDatabase } from '../db/openDatabase';

/** How long audit rows are kept. The floor is a policy: the user cannot go below it. */
export const AUDIT_RETENTION_DEFAULT_DAYS = 400;
export const AUDIT_RETENTION_FLOOR_DAYS = 90;
export const AUDIT_RETENTION_MAX_DAYS = 36_500;

const RETENTION_KEY = 'audit.retentionDays';
const LAST_PRUNE_KEY = 'audit.lastPruneAt';
const DAY_MS = 24 * 60 * 60 * 1000;

export const RetentionDaysSchema = z
  .number()
  .int('retention must be a whole number of days')
  .min(AUDIT_RETENTION_FLOOR_DAYS, `retention cannot be below ${AUDIT_RETENTION_FLOOR_DAYS} days`)
  .max(AUDIT_RETENTION_MAX_DAYS, `retention cannot exceed ${AUDIT_RETENTION_MAX_DAYS} days`);

/** The stored retention, never below the floor even if the settings row was edited. */
export function readRetentionDays(db: SqlDatabase): number {
  const stored = readSetting(db, RETENTION_KEY);
  const parsed = stored === null ? NaN : Number(stored);
  if (!Number.isInteger(parsed)) return AUDIT_RETENTION_DEFAULT_DAYS;
  return Math.min(Math.max(parsed, AUDIT_RETENTION_FLOOR_DAYS), AUDIT_RETENTION_MAX_DAYS);
}

export function writeRetentionDays(db: SqlDatabase, days: number): void {
  writeSetting(db, RETENTION_KEY, String(RetentionDaysSchema.parse(days)));
}

/** Whether a day has passed since the last prune (pruning runs at unlock, at most daily). */
export function pruneIsDue(db: SqlDatabase, now: Date): boolean {
  const last = Date.parse(readSetting(db, LAST_PRUNE_KEY) ?? '');
  return !Number.isFinite(last) || now.getTime() - last >= DAY_MS || last > now.getTime();
}

export function markPruned(db: SqlDatabase, now: Date): void {
  writeSetting(db, LAST_PRUNE_KEY, now.toISOString());
}

export interface PrunedRange {
  count: number;
  fromSeq: number;
  toSeq: number;
  /** The last pruned row's MAC, base64: the new verification anchor. */
  checkpointMac: string;
}

/**
 * Deletes the oldest contiguous stretch of rows written before `cutoff`: everything
 * before the first row that is not older, and never the newest row (the vault.json head
 * points at it). Must run inside the caller's transaction, which also appends the
 * `audit.pruned` row, so the permit never outlives it.
 */
export function pruneAuditRows(db: SqlDatabase, cutoff: Date): PrunedRange | null {
  const bounds = db.prepare('SELECT MIN(seq) AS first, MAX(seq) AS last FROM audit_log').get() as {
    first: number | null;
    last: number | null;
  };
  if (bounds.first === null || bounds.last === null) return null;
  const firstRecent = db
    .prepare('SELECT MIN(seq) FROM audit_log WHERE at >= ?')
    .pluck()
    .get(cutoff.toISOString()) as number | null;
  const toSeq = Math.min(firstRecent ?? bounds.last, bounds.last) - 1;
  if (toSeq < bounds.first) return null;
  const lastPruned = db.prepare('SELECT mac FROM audit_log WHERE seq = ?').get(toSeq) as {
    mac: Buffer;
  };
  db.prepare('INSERT INTO audit_prune_permit (id, up_to_seq) VALUES (1, ?)').run(toSeq);
  const deleted = db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(toSeq).changes;
  db.prepare(
    `INSERT INTO audit_checkpoint (id, seq, mac) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac`,
  ).run(toSeq, lastPruned.mac);
  db.prepare('DELETE FROM audit_prune_permit').run();
  return {
    count: deleted,
    fromSeq: bounds.first,
    toSeq,
    checkpointMac: lastPruned.mac.toString('base64'),
  };
}

function readSetting(db: SqlDatabase, key: string): string | null {
  return (
    (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as
      string | undefined) ?? null
  );
}

function writeSetting(db: SqlDatabase, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
