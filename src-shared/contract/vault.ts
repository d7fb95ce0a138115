import { z } from 'zod';
import { call } from './defineCall';
import { NoInput, Ok, Secret } from './common';

export const VaultStatusSchema = z.object({
  exists: z.boolean(),
  unlocked: z.boolean(),
  keychainEnabled: z.boolean(),
  keychainAvailable: z.boolean(),
  autoLockMinutes: z.number().int().nullable(),
  failedUnlocksSinceLastUnlock: z.number().int(),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

export const AutoLockMinutesSchema = z
  .number()
  .int()
  .min(1)
  .max(24 * 60);

/** Vault lifecycle: create, unlock, lock, passphrase, recovery, rotation, auto-lock. */
export const vaultCalls = {
  'vault.status': call(NoInput, VaultStatusSchema),
  'vault.create': call(
    z.strictObject({ passphrase: Secret }),
    z.object({ recoveryKey: z.string() }),
  ),
  'vault.unlock': call(
    z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('passphrase'), passphrase: Secret }),
      z.strictObject({ method: z.literal('recovery'), recoveryKey: Secret, newPassphrase: Secret }),
      z.strictObject({ method: z.literal('keychain') }),
    ]),
    Ok,
  ),
  'vault.lock': call(NoInput, Ok),
  'vault.changePassphrase': call(z.strictObject({ current: Secret, next: Secret }), Ok),
  'vault.rotateKey': call(z.strictObject({ passphrase: Secret }), Ok),
  'vault.setKeychain': call(z.strictObject({ enabled: z.boolean() }), Ok),
  'vault.setAutoLock': call(z.strictObject({ minutes: AutoLockMinutesSchema }), Ok),
  /** The UI reports user activity so the inactivity timer restarts. */
  'vault.touch': call(NoInput, Ok),
} as const;
