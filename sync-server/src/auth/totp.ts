import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import { z } from 'zod';
import type { KeyRing } from '../config/keyRing';
import type { Tx } from '../db/database';
import { hashSecret } from './secrets';
import { openSecret, sealSecret } from './sealedSecrets';

/*
 * TOTP second factor (RFC 6238 through otplib: SHA-1, 6 digits, 30-second steps, the
 * defaults every authenticator app understands). Enrolment stores a sealed seed as
 * pending; a first valid code confirms it and yields ten one-time recovery codes. Every
 * accepted code moves `last_used_step` forward, and otplib's `afterTimeStep` refuses any
 * code from that step or earlier: a code, once used, never works again (not even inside
 * its own 30 seconds), and the UPDATE is conditional so two requests racing with the same
 * code cannot both win.
 */

const ISSUER = 'Casike';
/** One step of clock drift either way. */
const TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
const PURPOSE = 'mfa-totp-secret-v1';

const TotpRow = z.object({
  secret_sealed: z.string(),
  confirmed_at: z.coerce.date().nullable(),
  last_used_step: z.coerce.number().int().nullable(),
});

async function loadTotp(tx: Tx, userId: string) {
  const { rows } = await tx.query(
    'SELECT secret_sealed, confirmed_at, last_used_step FROM mfa_totp WHERE user_id = $1',
    [userId],
  );
  return rows[0] === undefined ? undefined : TotpRow.parse(rows[0]);
}

export interface MfaStatus {
  enabled: boolean;
  pending: boolean;
  recoveryCodesLeft: number;
}

export async function mfaStatus(tx: Tx, userId: string): Promise<MfaStatus> {
  const totp = await loadTotp(tx, userId);
  const { rows } = await tx.query<{ n: string | number }>(
    'SELECT count(*) AS n FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
    [userId],
  );
  return {
    enabled: totp?.confirmed_at != null,
    pending: totp !== undefined && totp.confirmed_at === null,
    recoveryCodesLeft: totp?.confirmed_at != null ? Number(rows[0]?.n ?? 0) : 0,
  };
}

export type EnrolResult =
  { ok: true; secret: string; otpauthUri: string } | { ok: false; reason: 'already_enabled' };

/** Starts (or restarts) enrolment: a new pending seed replaces any earlier pending one. */
export async function startTotpEnrolment(
  tx: Tx,
  ring: KeyRing,
  user: { id: string; email: string },
  now: Date,
): Promise<EnrolResult> {
  const existing = await loadTotp(tx, user.id);
  if (existing?.confirmed_at != null) return { ok: false, reason: 'already_enabled' };
  const secret = generateSecret({ length: 20 });
  const sealed = sealSecret(ring, PURPOSE, secret, user.id);
  await tx.query(
    `INSERT INTO mfa_totp (user_id, secret_sealed, key_id, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE
       SET secret_sealed = EXCLUDED.secret_sealed, key_id = EXCLUDED.key_id,
           created_at = EXCLUDED.created_at, last_used_step = NULL`,
    [user.id, sealed, sealed.split('.')[1], now],
  );
  return {
    ok: true,
    secret,
    otpauthUri: generateURI({ issuer: ISSUER, label: user.email, secret }),
  };
}

export type CodeCheck = 'ok' | 'invalid' | 'not_enrolled';

/**
 * Checks a 6-digit code against the account's seed and uses it up. `requireConfirmed`
 * false accepts a pending seed (the confirming code).
 */
export async function useTotpCode(
  tx: Tx,
  ring: KeyRing,
  userId: string,
  code: string,
  now: Date,
  options: { requireConfirmed: boolean },
): Promise<CodeCheck> {
  const totp = await loadTotp(tx, userId);
  if (totp === undefined || (options.requireConfirmed && totp.confirmed_at === null))
    return 'not_enrolled';
  if (!/^\d{6}$/.test(code)) return 'invalid';
  const secret = openSecret(ring, PURPOSE, totp.secret_sealed, userId);
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(totp.last_used_step === null ? {} : { afterTimeStep: totp.last_used_step }),
  });
  // otplib's result type covers HOTP too; a TOTP check always reports its time step.
  if (!result.valid || !('timeStep' in result)) return 'invalid';
  const claimed = await tx.query(
    `UPDATE mfa_totp SET last_used_step = $2
      WHERE user_id = $1 AND (last_used_step IS NULL OR last_used_step < $2)`,
    [userId, result.timeStep],
  );
  return claimed.rowCount === 1 ? 'ok' : 'invalid';
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

function newRecoveryCode(): string {
  // 50 bits in Crockford-ish base32 without look-alikes, shown as xxxxx-xxxxx.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length] ?? 'a');
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Confirms a pending enrolment with a first code; returns the recovery codes (shown once). */
export async function confirmTotpEnrolment(
  tx: Tx,
  ring: KeyRing,
  userId: string,
  code: string,
  now: Date,
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; reason: CodeCheck }> {
  const totp = await loadTotp(tx, userId);
  if (totp === undefined || totp.confirmed_at !== null)
    return { ok: false, reason: 'not_enrolled' };
  const check = await useTotpCode(tx, ring, userId, code, now, { requireConfirmed: false });
  if (check !== 'ok') return { ok: false, reason: check };
  await tx.query('UPDATE mfa_totp SET confirmed_at = $2 WHERE user_id = $1', [userId, now]);
  return { ok: true, recoveryCodes: await replaceRecoveryCodes(tx, userId, now) };
}

/** Issues a fresh set of recovery codes, invalidating the old ones. */
export async function replaceRecoveryCodes(tx: Tx, userId: string, now: Date): Promise<string[]> {
  await tx.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  for (const code of codes) {
    await tx.query(
      'INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)',
      [userId, hashSecret(normaliseRecoveryCode(code)), now],
    );
  }
  return codes;
}

/** Uses one recovery code; true when it was unused and is now spent. */
export async function useRecoveryCode(
  tx: Tx,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (!/^[a-z0-9]{10}$/.test(normalised)) return false;
  const { rowCount } = await tx.query(
    `UPDATE mfa_recovery_codes SET used_at = $3
      WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
    [userId, hashSecret(normalised), now],
  );
  return rowCount === 1;
}

/** Removes the authenticator and its recovery codes. */
export async function disableTotp(tx: Tx, userId: string): Promise<void> {
  await tx.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]);
  await tx.query('DELETE FROM mfa_totp WHERE user_id = $1', [userId]);
}

/** True when sign-in needs a second factor for this account. */
export async function mfaRequired(tx: Tx, userId: string): Promise<boolean> {
  return (await loadTotp(tx, userId))?.confirmed_at != null;
}
