import { z } from 'zod';
import type { AuthTimings } from '../config/env';
import type { Tx } from '../db/database';
import { hashSecret, newSecret } from './secrets';

/*
 * A pending second factor. When the first factor (magic link, OIDC) succeeds for an
 * account with MFA, no session is made yet: the device gets a short-lived challenge token
 * instead and trades it, with a TOTP or recovery code, for its session. The challenge
 * remembers how the first factor was passed and the device name. It works once, expires
 * after `mfaChallengeTtlSeconds`, and is burnt after `mfaMaxFailures` wrong codes.
 */

export type FirstFactor = 'magic_link' | 'oidc';

export async function createMfaChallenge(
  tx: Tx,
  userId: string,
  method: FirstFactor,
  deviceName: string,
  now: Date,
  timings: AuthTimings,
): Promise<string> {
  const token = newSecret('mfa');
  await tx.query(
    `INSERT INTO mfa_challenges (token_hash, user_id, method, device_name, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      hashSecret(token),
      userId,
      method,
      deviceName,
      now,
      new Date(now.getTime() + timings.mfaChallengeTtlSeconds * 1000),
    ],
  );
  return token;
}

const ChallengeRow = z.object({
  token_hash: z.string(),
  user_id: z.string(),
  method: z.enum(['magic_link', 'oidc']),
  device_name: z.string(),
  expires_at: z.coerce.date(),
  used_at: z.coerce.date().nullable(),
  failed_attempts: z.coerce.number(),
});

export interface OpenChallenge {
  tokenHash: string;
  userId: string;
  method: FirstFactor;
  deviceName: string;
  failedAttempts: number;
}

/**
 * Finds a live challenge and scopes the transaction to its user (locked, so two attempts
 * take turns). Undefined when unknown, used up or expired.
 */
export async function openMfaChallenge(
  tx: Tx,
  token: string,
  now: Date,
): Promise<OpenChallenge | undefined> {
  const hash = hashSecret(token);
  await tx.setCapability('app.token_hash', hash);
  const found = await tx.query(
    `SELECT token_hash, user_id, method, device_name, expires_at, used_at, failed_attempts
       FROM mfa_challenges WHERE token_hash = app_capability('app.token_hash')`,
  );
  await tx.setCapability('app.token_hash', '');
  if (found.rows[0] === undefined) return undefined;
  const row = ChallengeRow.parse(found.rows[0]);
  await tx.setUser(row.user_id);
  await tx.query('SELECT 1 FROM mfa_challenges WHERE token_hash = $1 FOR UPDATE', [hash]);
  if (row.used_at !== null || row.expires_at.getTime() <= now.getTime()) return undefined;
  return {
    tokenHash: hash,
    userId: row.user_id,
    method: row.method,
    deviceName: row.device_name,
    failedAttempts: row.failed_attempts,
  };
}

/** Uses the challenge up (success). */
export async function finishMfaChallenge(tx: Tx, c: OpenChallenge, now: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    'UPDATE mfa_challenges SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL',
    [c.tokenHash, now],
  );
  return rowCount === 1;
}

/** Counts a wrong code; burns the challenge at the limit. Returns true when burnt. */
export async function failMfaChallenge(
  tx: Tx,
  c: OpenChallenge,
  now: Date,
  maxFailures: number,
): Promise<boolean> {
  const failures = c.failedAttempts + 1;
  const burnt = failures >= maxFailures;
  await tx.query(
    `UPDATE mfa_challenges SET failed_attempts = $2::integer,
        used_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE used_at END
      WHERE token_hash = $1`,
    [c.tokenHash, failures, burnt, now],
  );
  return burnt;
}
