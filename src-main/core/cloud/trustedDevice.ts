import { z } from 'zod';
import {
  RevokedSchema,
  TrustedDeviceListSchema,
  type TrustedDevice,
} from '../../../src-shared/contract/cloud/authWire';
import type { SqlDatabase } from '../db/openDatabase';
import type { UnlockedVault } from '../vault';
import { CloudError } from './cloudErrors';
import { authorizedClient } from './signIn';

/*
 * Trusted devices. After a sign-in passes MFA the device may ask the server to trust it
 * for 30 days; the server answers with a device token (ctd_…) that this vault keeps in its
 * settings table, i.e. inside the encrypted database (the key names a token, so the
 * full-data JSON export leaves it out). The next sign-in to the same server sends it and
 * skips the second factor; the first factor is still needed every time. The token
 * outlives sign-out on purpose: trust belongs to the device, not to one session.
 */

const SETTING = 'cloud.trusted_device_token';

const Stored = z.object({
  serverUrl: z.string(),
  token: z.string().min(1).max(200),
  expiresAt: z.string(),
});
type StoredTrust = z.infer<typeof Stored>;

export function saveTrustedDevice(db: SqlDatabase, trust: StoredTrust): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(SETTING, JSON.stringify(Stored.parse(trust)));
}

/** This device's live trust token for `serverUrl` (an origin), if it has one. */
export function trustedDeviceTokenFor(
  db: SqlDatabase,
  serverUrl: string,
  now: Date,
): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING) as
    { value: string } | undefined;
  if (row === undefined) return undefined;
  let parsed: StoredTrust;
  try {
    parsed = Stored.parse(JSON.parse(row.value));
  } catch {
    return undefined;
  }
  if (parsed.serverUrl !== serverUrl || Date.parse(parsed.expiresAt) <= now.getTime())
    return undefined;
  return parsed.token;
}

export function forgetTrustedDevice(db: SqlDatabase): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(SETTING);
}

/** Whether this vault holds a trust token (for tests and status; never the token itself). */
export function hasTrustedDeviceToken(db: SqlDatabase): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(SETTING) !== undefined;
}

const notAvailable = (error: unknown): never => {
  if (error instanceof CloudError && error.failure === 'not_available')
    throw new CloudError('not_available', 'trusted devices are not available on this server');
  throw error;
};

/** The account's trusted devices (every device, not only this one), newest first. */
export async function listTrustedDevices(vault: UnlockedVault): Promise<TrustedDevice[]> {
  const client = authorizedClient(vault);
  const answer = await client
    .call((token) =>
      client.http.json('GET', '/v1/account/trusted-devices', TrustedDeviceListSchema, { token }),
    )
    .catch(notAvailable);
  return answer.devices;
}

const DeviceId = z.uuid();

/**
 * Revokes one trusted device: its next sign-in asks for the second factor again. The
 * server cannot say which listed device is this one, so the local token stays; if it was
 * this device's, the next sign-in is challenged and the dead token is dropped then.
 */
export async function revokeTrustedDevice(vault: UnlockedVault, id: string): Promise<void> {
  if (!DeviceId.safeParse(id).success)
    throw new CloudError(
      'rejected',
      'a trusted device id looks like 0193…-…; see `casike cloud devices list`',
    );
  const client = authorizedClient(vault);
  try {
    await client.call((token) =>
      client.http.json('DELETE', `/v1/account/trusted-devices/${id}`, RevokedSchema, { token }),
    );
  } catch (error) {
    if (error instanceof CloudError && error.status === 404)
      throw new CloudError('rejected', `no trusted device ${id} on this account`);
    throw error;
  }
  vault.audit('settings.changed', { setting: 'cloud.trusted_device', action: 'revoked' });
}
