import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { deriveSubkey, findKey, newestKey, type KeyRing } from '../config/keyRing';
import { safeEqual } from '../auth/secrets';
import type { Queryable } from '../db/types';

/*
 * The server's security audit log (table audit_log, migration 0002). Appends happen in
 * the caller's transaction, so an event is recorded exactly when its effect commits; a
 * refused sign-in still commits (the route answers the error after its transaction).
 * Each row's HMAC covers the previous row's hash, so an edit, deletion, insertion or
 * reordering breaks verification from that row on.
 */

/** Every event the server records. Add new ones here (the DB accepts any text). */
export type AuditEvent =
  | 'sign_in.link_requested'
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'account.created'
  | 'session.signed_out'
  | 'session.signed_out_everywhere'
  | 'token.reuse_detected'
  | 'access.denied'
  | 'ai.relayed'
  | 'plaid.link_started'
  | 'plaid.link_exited'
  | 'plaid.item_linked'
  | 'plaid.item_reconnected'
  | 'plaid.item_synced'
  | 'plaid.item_removed'
  | 'plaid.tokens_rotated'
  | 'webhook.rejected'
  | 'billing.subscription_changed'
  | 'mfa.enrolment_started'
  | 'mfa.enabled'
  | 'mfa.disabled'
  | 'mfa.challenge_passed'
  | 'mfa.challenge_failed'
  | 'mfa.recovery_code_used'
  | 'mfa.skipped_trusted_device'
  | 'device.trusted'
  | 'device.revoked'
  | 'account.exported'
  | 'account.deleted'
  | 'account.notices_read'
  | 'admin.sessions_revoked'
  | 'admin.keys_rotated'
  | 'admin.users_notified'
  | 'retention.deleted'
  | 'backup.uploaded'
  | 'backup.downloaded'
  | 'backup.deleted';

export interface AuditEntry {
  event: AuditEvent;
  userId?: string | null;
  ip?: string | null;
  /** Small, non-secret facts (reason codes, ids). Never tokens, links or addresses. */
  details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** JSON with sorted keys: the hashed form must not depend on insertion order. */
export function canonicalJson(value: Readonly<Record<string, unknown>>): string {
  const sorted = Object.keys(value)
    .sort()
    .map((k) => [k, value[k]] as const);
  return JSON.stringify(Object.fromEntries(sorted));
}

interface ChainFields {
  seq: number;
  at: string;
  userId: string | null;
  event: string;
  ip: string | null;
  details: string;
  prevHash: string;
}

function rowHash(key: Buffer, f: ChainFields): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([f.prevHash, f.seq, f.at, f.userId, f.event, f.ip, f.details]))
    .digest('base64url');
}

const HeadRow = z.object({ seq: z.coerce.number().int(), hash: z.string() });
const AnchorRow = z.object({ pruned_seq: z.coerce.number().int(), pruned_hash: z.string() });

/** Appends one entry inside `q`'s transaction (as casike_app). */
export async function appendAudit(
  q: Queryable,
  ring: KeyRing,
  at: Date,
  entry: AuditEntry,
): Promise<void> {
  // Locking the head serialises appends across replicas: one predecessor per row.
  const head = HeadRow.parse(
    (await q.query('SELECT seq, hash FROM audit_head WHERE id FOR UPDATE')).rows[0],
  );
  const key = newestKey(ring);
  const fields: ChainFields = {
    seq: head.seq + 1,
    at: at.toISOString(),
    userId: entry.userId ?? null,
    event: entry.event,
    ip: entry.ip ?? null,
    details: canonicalJson(entry.details ?? {}),
    prevHash: head.hash,
  };
  const hash = rowHash(deriveSubkey(key, 'audit-chain-v1'), fields);
  await q.query(
    `INSERT INTO audit_log (seq, at, user_id, event, ip, details, key_id, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      fields.seq,
      fields.at,
      fields.userId,
      fields.event,
      fields.ip,
      fields.details,
      key.id,
      fields.prevHash,
      hash,
    ],
  );
  await q.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id', [fields.seq, hash]);
}

const LogRow = z.object({
  seq: z.coerce.number().int(),
  at: z.coerce.date(),
  user_id: z.string().nullable(),
  event: z.string(),
  ip: z.string().nullable(),
  details: z.string(),
  key_id: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
});

export type ChainVerdict =
  { ok: true; rows: number } | { ok: false; rows: number; seq: number; reason: string };

/**
 * Checks the whole chain: numbering without gaps, each link, each HMAC, and that the head
 * names the last row (so a deleted tail shows). Runs as the owner: it reads every user's
 * entries.
 */
export async function verifyAuditChain(q: Queryable, ring: KeyRing): Promise<ChainVerdict> {
  // Retention (jobs/auditRetention.ts) deletes the oldest entries and records where the
  // remaining chain starts; verification begins there.
  const anchor = AnchorRow.parse(
    (await q.query('SELECT pruned_seq, pruned_hash FROM audit_head WHERE id')).rows[0],
  );
  const { rows } = await q.query('SELECT * FROM audit_log ORDER BY seq');
  let prev = anchor.pruned_hash;
  let expectedSeq = anchor.pruned_seq + 1;
  let count = 0;
  for (const raw of rows) {
    const row = LogRow.parse(raw);
    const fail = (reason: string): ChainVerdict => ({
      ok: false,
      rows: count,
      seq: row.seq,
      reason,
    });
    if (row.seq !== expectedSeq) return fail(`expected entry ${expectedSeq}`);
    if (row.prev_hash !== prev) return fail('link to the previous entry is broken');
    const key = findKey(ring, row.key_id);
    if (key === undefined) return fail(`key ${row.key_id} is not in the key ring`);
    const expected = rowHash(deriveSubkey(key, 'audit-chain-v1'), {
      seq: row.seq,
      at: row.at.toISOString(),
      userId: row.user_id,
      event: row.event,
      ip: row.ip,
      details: row.details,
      prevHash: row.prev_hash,
    });
    if (!safeEqual(expected, row.hash)) return fail('entry was altered');
    prev = row.hash;
    expectedSeq += 1;
    count += 1;
  }
  const head = HeadRow.parse((await q.query('SELECT seq, hash FROM audit_head WHERE id')).rows[0]);
  if (head.seq !== anchor.pruned_seq + count || head.hash !== prev) {
    return {
      ok: false,
      rows: count,
      seq: anchor.pruned_seq + count + 1,
      reason: 'entries after this one are missing',
    };
  }
  return { ok: true, rows: count };
}
