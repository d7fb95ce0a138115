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

/** One audit log entry. Details are flat and never hold secrets or ledger content. */
export const AuditEntrySchema = z.object({
  seq: z.number().int().min(1),
  at: z.string(),
  event: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditVerdictSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), rows: z.number().int().min(0) }),
  z.object({
    ok: z.literal(false),
    rows: z.number().int().min(0),
    badSeq: z.number().int(),
    reason: z.string().max(200),
  }),
]);
export type AuditVerdict = z.infer<typeof AuditVerdictSchema>;

/** What the user types to confirm "Delete all data"; the passphrase is asked again too. */
export const DELETE_ALL_PHRASE = 'DELETE ALL MY DATA';

export const ExportAllResultSchema = z.object({
  tables: z.number().int().min(0),
  rows: z.number().int().min(0),
});

export const DeleteAllResultSchema = z.object({
  /** False when there was nothing left to delete (a repeated call). */
  deleted: z.boolean(),
  removedFiles: z.number().int().min(0),
});

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
  /** The audit log, newest first; page with the last entry's seq as `beforeSeq`. */
  'vault.auditList': call(
    z.strictObject({
      limit: z.number().int().min(1).max(200).default(50),
      beforeSeq: z.number().int().min(1).optional(),
    }),
    z.array(AuditEntrySchema),
  ),
  /** Walks the hash chain; names the first entry that was edited, deleted or moved. */
  'vault.auditVerify': call(NoInput, AuditVerdictSchema),
  /** Every table of user data as JSON, to a file token from `exports.chooseDestination`. */
  'vault.exportAll': call(
    z.strictObject({ fileToken: z.string().min(10).max(64) }),
    ExportAllResultSchema,
  ),
  /** Locks and removes the vault files and the keychain entry. Irreversible. */
  'vault.deleteAll': call(
    z.strictObject({ passphrase: Secret, confirmation: z.literal(DELETE_ALL_PHRASE) }),
    DeleteAllResultSchema,
  ),
} as const;
