/*
 * Backup retention: which completed backups to keep. A backup is kept when it is one of
 * the newest `keepLast`, or the newest of one of the `keepDaily` most recent UTC days that
 * have a backup, or the newest of one of the `keepWeekly` most recent ISO weeks (Monday
 * start, UTC) that have one. Everything else is pruned. Pure, so it is tested on its own
 * and every replica decides the same way.
 */

export interface RetentionPolicy {
  keepLast: number;
  keepDaily: number;
  keepWeekly: number;
}

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = {
  keepLast: 7,
  keepDaily: 14,
  keepWeekly: 8,
};

export interface RetainedBackup {
  id: string;
  completedAt: Date;
}

const DAY_MS = 24 * 3600 * 1000;

function dayKey(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The Monday (UTC) that starts `at`'s ISO week, as a date string. */
function weekKey(at: Date): string {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Newest of each bucket, for the `limit` most recent buckets. */
function newestPerBucket(
  newestFirst: readonly RetainedBackup[],
  bucketOf: (at: Date) => string,
  limit: number,
): Set<string> {
  const kept = new Set<string>();
  const seen = new Set<string>();
  for (const backup of newestFirst) {
    if (seen.size >= limit) break;
    const bucket = bucketOf(backup.completedAt);
    if (seen.has(bucket)) continue;
    seen.add(bucket);
    kept.add(backup.id);
  }
  return kept;
}

/** The ids to delete under `policy`. Ties on time are broken by id, so it is deterministic. */
export function backupsToPrune(
  backups: readonly RetainedBackup[],
  policy: RetentionPolicy,
): string[] {
  const newestFirst = [...backups].sort(
    (a, b) => b.completedAt.getTime() - a.completedAt.getTime() || b.id.localeCompare(a.id),
  );
  const keep = new Set(newestFirst.slice(0, Math.max(1, policy.keepLast)).map((b) => b.id));
  for (const id of newestPerBucket(newestFirst, dayKey, policy.keepDaily)) keep.add(id);
  for (const id of newestPerBucket(newestFirst, weekKey, policy.keepWeekly)) keep.add(id);
  return newestFirst.filter((b) => !keep.has(b.id)).map((b) => b.id);
}
