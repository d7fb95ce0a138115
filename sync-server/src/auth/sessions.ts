import { z } from 'zod';
import { newId } from '../../../src-shared/domain/ids';
import type { AuthTimings } from '../config/env';
import type { Tx } from '../db/database';
import { hashSecret, newSecret } from './secrets';

/*
 * Sessions and rotating refresh tokens. A session is one signed-in device and the family
 * of refresh tokens issued to it. Each refresh uses up the presented token and issues the
 * next; presenting a used one means two parties hold the family (a stolen token), so the
 * whole family is revoked and the event audited. A session also dies when unused for
 * `sessionIdleSeconds` (idle timeout) or older than `sessionMaxAgeSeconds`.
 */

export type SessionRevokeReason =
  'sign_out' | 'sign_out_everywhere' | 'token_reuse' | 'idle' | 'account_deleted' | 'admin_revoked';

/** How often an authenticated request moves `last_seen_at` (bounded write load). */
const TOUCH_EVERY_MS = 60_000;

export async function createSession(
  tx: Tx,
  userId: string,
  deviceName: string,
  now: Date,
  timings: AuthTimings,
): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = newId();
  await tx.query(
    `INSERT INTO sessions (id, user_id, device_name, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $4, $5)`,
    [
      sessionId,
      userId,
      deviceName,
      now,
      new Date(now.getTime() + timings.sessionMaxAgeSeconds * 1000),
    ],
  );
  const refreshToken = await addRefreshToken(tx, sessionId, userId, now);
  return { sessionId, refreshToken };
}

async function addRefreshToken(
  tx: Tx,
  sessionId: string,
  userId: string,
  now: Date,
): Promise<string> {
  const token = newSecret('refresh');
  await tx.query(
    'INSERT INTO refresh_tokens (token_hash, session_id, user_id, created_at) VALUES ($1, $2, $3, $4)',
    [hashSecret(token), sessionId, userId, now],
  );
  return token;
}

const SessionRow = z.object({
  id: z.string(),
  user_id: z.string(),
  device_name: z.string(),
  created_at: z.coerce.date(),
  last_seen_at: z.coerce.date(),
  expires_at: z.coerce.date(),
  revoked_at: z.coerce.date().nullable(),
});
export type SessionRecord = z.infer<typeof SessionRow>;

export type SessionState = 'active' | 'revoked' | 'idle' | 'expired' | 'missing';

export function sessionState(
  session: SessionRecord | undefined,
  now: Date,
  timings: AuthTimings,
): SessionState {
  if (session === undefined) return 'missing';
  if (session.revoked_at !== null) return 'revoked';
  if (session.expires_at.getTime() <= now.getTime()) return 'expired';
  if (now.getTime() - session.last_seen_at.getTime() > timings.sessionIdleSeconds * 1000)
    return 'idle';
  return 'active';
}

/** The session row, visible only to its own user (RLS). */
export async function loadSession(
  tx: Tx,
  sessionId: string,
  options: { forUpdate?: boolean } = {},
): Promise<SessionRecord | undefined> {
  const { rows } = await tx.query(
    `SELECT id, user_id, device_name, created_at, last_seen_at, expires_at, revoked_at
       FROM sessions WHERE id = $1${options.forUpdate === true ? ' FOR UPDATE' : ''}`,
    [sessionId],
  );
  return rows[0] === undefined ? undefined : SessionRow.parse(rows[0]);
}

/** Records activity; at most once a minute per session to keep reads cheap. */
export async function touchSession(tx: Tx, session: SessionRecord, now: Date): Promise<void> {
  if (now.getTime() - session.last_seen_at.getTime() < TOUCH_EVERY_MS) return;
  await tx.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [session.id, now]);
}

export async function revokeSession(
  tx: Tx,
  sessionId: string,
  now: Date,
  reason: SessionRevokeReason,
): Promise<void> {
  await tx.query(
    'UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL',
    [sessionId, now, reason],
  );
}

/** Revokes every live session of the transaction's user; returns how many. */
export async function revokeAllSessions(
  tx: Tx,
  now: Date,
  reason: SessionRevokeReason,
): Promise<number> {
  const { rowCount } = await tx.query(
    'UPDATE sessions SET revoked_at = $1, revoked_reason = $2 WHERE user_id = app_user_id() AND revoked_at IS NULL',
    [now, reason],
  );
  return rowCount;
}

const TokenRow = z.object({
  session_id: z.string(),
  user_id: z.string(),
  used_at: z.coerce.date().nullable(),
});

export type RotateResult =
  | { ok: true; userId: string; sessionId: string; refreshToken: string }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'reused' | SessionState; userId: string; sessionId: string };

/**
 * Exchanges a refresh token for the next one of its family. Leaves the transaction
 * scoped to the token's user so the caller can audit in it.
 */
export async function rotateRefreshToken(
  tx: Tx,
  token: string,
  now: Date,
  timings: AuthTimings,
): Promise<RotateResult> {
  const hash = hashSecret(token);
  await tx.setCapability('app.token_hash', hash);
  const found = await tx.query(
    "SELECT session_id, user_id, used_at FROM refresh_tokens WHERE token_hash = app_capability('app.token_hash')",
  );
  await tx.setCapability('app.token_hash', '');
  if (found.rows[0] === undefined) return { ok: false, reason: 'unknown' };
  const row = TokenRow.parse(found.rows[0]);
  await tx.setUser(row.user_id);
  const ids = { userId: row.user_id, sessionId: row.session_id };

  // Lock the family so two refreshes of one session take turns.
  const session = await loadSession(tx, row.session_id, { forUpdate: true });
  const state = sessionState(session, now, timings);
  if (state !== 'active') {
    if (state === 'idle') await revokeSession(tx, row.session_id, now, 'idle');
    return { ok: false, reason: state, ...ids };
  }
  // Atomic "use once": a concurrent or later use of the same token updates nothing.
  const used = await tx.query(
    'UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL',
    [hash, now],
  );
  if (row.used_at !== null || used.rowCount === 0) {
    await revokeSession(tx, row.session_id, now, 'token_reuse');
    return { ok: false, reason: 'reused', ...ids };
  }
  await tx.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [row.session_id, now]);
  const refreshToken = await addRefreshToken(tx, row.session_id, row.user_id, now);
  return { ok: true, refreshToken, ...ids };
}
