import { z } from 'zod';
import { newId } from '../../../src-shared/domain/ids';
import type { Tx } from '../db/database';
import { hashSecret, looksLikeSecret, newSecret } from './secrets';

/*
 * Trusted devices: after passing MFA a device may ask to be trusted. It receives a
 * device token (kept in its vault) that skips the second factor on its next sign-ins for
 * `trustedDeviceSeconds` (30 days). The first factor is still required every time: a
 * device token alone signs nobody in. Trusted devices are listed and revocable, and are
 * all revoked when MFA is disabled, on sign-out everywhere and by the admin CLI.
 */

export async function trustDevice(
  tx: Tx,
  userId: string,
  deviceName: string,
  now: Date,
  ttlSeconds: number,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const id = newId();
  const token = newSecret('device');
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await tx.query(
    `INSERT INTO trusted_devices (id, token_hash, user_id, device_name, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, hashSecret(token), userId, deviceName, now, expiresAt],
  );
  return { id, token, expiresAt };
}

/**
 * The trusted device this token names for this user, if still valid (and marks it used).
 * The transaction must already be scoped to `userId`: a token of another account opens
 * nothing.
 */
export async function useTrustedDevice(
  tx: Tx,
  userId: string,
  token: string,
  now: Date,
): Promise<string | undefined> {
  if (!looksLikeSecret('device', token)) return undefined;
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE trusted_devices SET last_used_at = $3
      WHERE user_id = $1 AND token_hash = $2 AND revoked_at IS NULL AND expires_at > $3
      RETURNING id`,
    [userId, hashSecret(token), now],
  );
  return rows[0]?.id;
}

const DeviceRow = z.object({
  id: z.string(),
  device_name: z.string(),
  created_at: z.coerce.date(),
  expires_at: z.coerce.date(),
  last_used_at: z.coerce.date().nullable(),
});
export type TrustedDevice = z.infer<typeof DeviceRow>;

/** Live trusted devices of the transaction's user, newest first. */
export async function listTrustedDevices(tx: Tx, now: Date): Promise<TrustedDevice[]> {
  const { rows } = await tx.query(
    `SELECT id, device_name, created_at, expires_at, last_used_at FROM trusted_devices
      WHERE user_id = app_user_id() AND revoked_at IS NULL AND expires_at > $1
      ORDER BY created_at DESC`,
    [now],
  );
  return rows.map((r) => DeviceRow.parse(r));
}

/** Revokes one of the user's trusted devices; false when there is no such live device. */
export async function revokeTrustedDevice(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE trusted_devices SET revoked_at = $2
      WHERE id = $1 AND user_id = app_user_id() AND revoked_at IS NULL`,
    [id, now],
  );
  return rowCount === 1;
}

/** Revokes every trusted device of the transaction's user; returns how many. */
export async function revokeAllTrustedDevices(tx: Tx, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE trusted_devices SET revoked_at = $1
      WHERE user_id = app_user_id() AND revoked_at IS NULL AND expires_at > $1`,
    [now],
  );
  return rowCount;
}
