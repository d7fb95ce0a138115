import type { ServerConfig } from '../config/env';
import type { Database } from '../db/database';
import { asOperator, type OperatorTx } from '../admin/operator';

/*
 * Retention: each task deletes exactly what is past its retention period and records
 * what it deleted in the audit log, in the same transaction as the deletion. The daily
 * job (jobs/scheduler.ts) and `npm run admin -- retention` run every task in
 * RETENTION_TASKS. Another area with data to expire (backups) adds a task here.
 */

export interface RetentionContext {
  q: OperatorTx;
  now: Date;
  config: ServerConfig;
}

export interface RetentionResult {
  deleted: number;
  /** Small facts for the audit entry (cut-off, sequence range); never personal data. */
  details?: Record<string, string | number>;
}

export interface RetentionTask {
  name: string;
  run(ctx: RetentionContext): Promise<RetentionResult>;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The server audit log keeps `AUDIT_RETENTION_DAYS`. It is hash-chained and append-only,
 * so only a prefix can go: everything up to (not including) the first entry still inside
 * the period. audit_head remembers the last deleted entry's hash, where verification
 * starts now. The trigger lets these rows go only for this transaction (audit.prune_through).
 */
export const auditLogRetention: RetentionTask = {
  name: 'audit-log',
  async run({ q, now, config }): Promise<RetentionResult> {
    const cutoff = new Date(now.getTime() - config.retention.auditLogDays * DAY_MS);
    await q.query('SELECT seq FROM audit_head WHERE id FOR UPDATE');
    const { rows } = await q.query<{ seq: string | number; hash: string }>(
      `SELECT seq, hash FROM audit_log
        WHERE seq < coalesce((SELECT min(seq) FROM audit_log WHERE at >= $1),
                             (SELECT seq FROM audit_head WHERE id) + 1)
        ORDER BY seq DESC LIMIT 1`,
      [cutoff],
    );
    const last = rows[0];
    if (last === undefined) return { deleted: 0, details: { cutoff: cutoff.toISOString() } };
    const through = Number(last.seq);
    await q.query(`SELECT set_config('audit.prune_through', $1, true)`, [String(through)]);
    const { rowCount } = await q.query('DELETE FROM audit_log WHERE seq <= $1', [through]);
    await q.query(`SELECT set_config('audit.prune_through', '', true)`);
    await q.query('UPDATE audit_head SET pruned_seq = $1, pruned_hash = $2 WHERE id', [
      through,
      last.hash,
    ]);
    return { deleted: rowCount, details: { cutoff: cutoff.toISOString(), throughSeq: through } };
  },
};

/** Sign-in leftovers with no use after they expire: links, OIDC flows, MFA challenges. */
const EXPIRED_GRACE_DAYS = 1;
/** Ended sessions (and their refresh tokens) and expired trusted devices. */
const ENDED_SESSION_DAYS = 30;

export const expiredSignInState: RetentionTask = {
  name: 'sign-in-state',
  async run({ q, now }) {
    const expired = new Date(now.getTime() - EXPIRED_GRACE_DAYS * DAY_MS);
    const ended = new Date(now.getTime() - ENDED_SESSION_DAYS * DAY_MS);
    const counts: Record<string, number> = {};
    counts.magicLinks = (
      await q.query('DELETE FROM magic_links WHERE expires_at < $1', [expired])
    ).rowCount;
    counts.oidcFlows = (
      await q.query('DELETE FROM oidc_flows WHERE expires_at < $1', [expired])
    ).rowCount;
    counts.mfaChallenges = (
      await q.query('DELETE FROM mfa_challenges WHERE expires_at < $1', [expired])
    ).rowCount;
    counts.sessions = (
      await q.query('DELETE FROM sessions WHERE coalesce(revoked_at, expires_at) < $1', [ended])
    ).rowCount;
    counts.trustedDevices = (
      await q.query('DELETE FROM trusted_devices WHERE coalesce(revoked_at, expires_at) < $1', [
        ended,
      ])
    ).rowCount;
    return { deleted: Object.values(counts).reduce((a, b) => a + b, 0), details: counts };
  },
};

export const RETENTION_TASKS: readonly RetentionTask[] = [auditLogRetention, expiredSignInState];

export interface RetentionReport {
  task: string;
  deleted: number;
}

/** Runs every task, each in its own operator transaction with its audit entry. */
export async function runRetention(
  db: Database,
  config: ServerConfig,
  now: () => Date,
  tasks: readonly RetentionTask[] = RETENTION_TASKS,
): Promise<RetentionReport[]> {
  const reports: RetentionReport[] = [];
  for (const task of tasks) {
    const result = await asOperator(db, config.keyRing, now, async (q) => {
      const r = await task.run({ q, now: now(), config });
      await q.audit({
        event: 'retention.deleted',
        details: { task: task.name, deleted: r.deleted, ...(r.details ?? {}) },
      });
      return r;
    });
    reports.push({ task: task.name, deleted: result.deleted });
  }
  return reports;
}
