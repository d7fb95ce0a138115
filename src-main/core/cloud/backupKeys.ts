import { hkdfSync } from 'node:crypto';
import {
  derivePassphraseKek,
  openSlotsWithPassphrase,
  openSlotsWithRecovery,
  parseRecoveryKey,
  RecoveryKeyFormatError,
  UnwrapError,
  VAULT_FORMAT,
  type UnlockedVault,
  type VaultFile,
} from '../vault';
import type { KeyMaterial, Manifest } from './backupFormat';
import { CloudError } from './cloudErrors';

/*
 * Where the key that unwraps a backup's key comes from. The wrap key is derived from the
 * vault's data key K of the generation named in the manifest: the open vault supplies it
 * when it is the same generation; otherwise K is opened from the backup's own key slot
 * with the passphrase of that time or the recovery key (a new device, or a vault whose key
 * was rotated since).
 */

/** Must equal UnlockedVault.deriveSubkey('backup-key-wrap-v1'). */
export function backupWrapKeyFrom(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, 'casike', 'casike backup-key-wrap-v1', 32));
}

export type BackupSecret = { passphrase: string } | { recoveryKey: string };

/** The slot as a one-slot vault file, so the vault's own unsealing code opens it. */
function slotFile(material: KeyMaterial): VaultFile {
  return {
    format: VAULT_FORMAT,
    vaultId: material.vaultId,
    createdAt: material.createdAt,
    cipher: { name: 'sqlcipher', legacy: 4 },
    passphraseKdf: material.passphraseKdf,
    recoveryPublicKey: material.recoveryPublicKey,
    keys: [material.slot],
    rotation: null,
    keychain: { enabled: false },
    failedUnlocks: [],
    auditHead: null,
  };
}

/** vault.json for a vault restored from this backup onto a device that lacks its key. */
export function vaultFileFromBackup(
  material: KeyMaterial,
  auditHead: VaultFile['auditHead'],
): VaultFile {
  return { ...slotFile(material), auditHead };
}

/** Opens K of the backup's generation from its slot; `wrong_secret` when it does not fit. */
export async function dataKeyFromSecret(
  material: KeyMaterial,
  secret: BackupSecret,
): Promise<Buffer> {
  const file = slotFile(material);
  try {
    if ('passphrase' in secret) {
      const kek = await derivePassphraseKek(secret.passphrase, material.passphraseKdf);
      try {
        return openOnly(openSlotsWithPassphrase(file, kek));
      } finally {
        kek.fill(0);
      }
    }
    const recovery = parseRecoveryKey(secret.recoveryKey);
    try {
      return openOnly(openSlotsWithRecovery(file, recovery));
    } finally {
      recovery.fill(0);
    }
  } catch (error) {
    if (error instanceof UnwrapError)
      throw new CloudError(
        'wrong_secret',
        'this backup was made with another key: give the passphrase it was made with (or the recovery key)',
      );
    if (error instanceof RecoveryKeyFormatError) throw new CloudError('rejected', error.message);
    throw error;
  }
}

function openOnly(opened: { key: Buffer }[]): Buffer {
  const first = opened[0];
  if (first === undefined) throw new UnwrapError();
  return first.key;
}

/**
 * The wrap key for `manifest`, and K when it had to be opened from the slot (the caller
 * then needs it to read the restored database). `undefined` K means the open vault's own
 * key fits: the restored database opens with it.
 */
export async function wrapKeyFor(
  vault: UnlockedVault,
  manifest: Manifest,
  secret: BackupSecret | undefined,
): Promise<{ wrapKey: Buffer; dataKey: Buffer | undefined }> {
  const own = vault.deriveSubkey('backup-key-wrap-v1');
  if (own.keyId === manifest.keyId) return { wrapKey: own.key, dataKey: undefined };
  own.key.fill(0);
  if (secret === undefined)
    throw new CloudError(
      'wrong_secret',
      'this backup belongs to another vault or an older key: give its passphrase (CASIKE_BACKUP_PASSPHRASE) or recovery key',
    );
  const dataKey = await dataKeyFromSecret(manifest.keyMaterial, secret);
  return { wrapKey: backupWrapKeyFrom(dataKey), dataKey };
}
