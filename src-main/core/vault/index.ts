/**
 * The vault: the only door to the encrypted database and its keys.
 * See DESIGN.md "The vault" for the key hierarchy this implements.
 */
import { openVault, type VaultContext } from './vaultOpen';
import type { UnlockedVault } from './unlockedVault';

export { initVault } from './vaultCreate';
export { openVault, type VaultContext } from './vaultOpen';
export { vaultStatus, type VaultStatus } from './vaultStatus';
export { UnlockedVault } from './unlockedVault';
export { deleteVaultFiles, type VaultDeletion } from './vaultDelete';
export { VaultError, type VaultErrorCode } from './vaultErrors';
export { OsKeychain, type KeychainStore, type StoredDataKey } from './keychain';
export type { Unlock, UnlockMethod } from './unlockCandidates';
export type { RotationStep } from './keyRotation';
export { defaultDataDir, resolveDataDir } from './dataDir';
export { passphraseProblem, MIN_PASSPHRASE_LENGTH } from './passphraseKdf';
export { databasePath, vaultFilePath } from './vaultFile';
export {
  beginRestoreSwap,
  commitRestoreSwap,
  endRestoreSwap,
  movePreviousDatabaseAside,
  movePreviousVaultFileAside,
  recoverInterruptedRestore,
  restoreStagedPath,
  rollBackRestoreSwap,
  syncDataDir,
  type RestoreRecovery,
} from './restoreSwap';
// For backups (core/cloud): a backup carries the vault's key slots so that a new device
// can open it with the passphrase or the recovery key, and restore writes vault.json.
export {
  readVaultFile,
  writeVaultFile,
  VaultFileSchema,
  VAULT_FORMAT,
  type VaultFile,
  type KeySlot,
} from './vaultFile';
export { sealKey, openSealedKey, UnwrapError, type SealedKey } from './keyWrap';
export { openSlotsWithPassphrase, openSlotsWithRecovery } from './keySlots';
export { derivePassphraseKek, KdfParamsSchema } from './passphraseKdf';
export { parseRecoveryKey, RecoveryKeyFormatError } from './recoveryKey';

/** Unlocks with the recovery key and sets a new passphrase in one step. */
export async function recoverVault(
  ctx: VaultContext,
  recoveryKey: string,
  newPassphrase: string,
): Promise<UnlockedVault> {
  const vault = await openVault(ctx, { method: 'recovery', recoveryKey });
  try {
    await vault.setPassphraseAfterRecovery(newPassphrase);
  } catch (error) {
    vault.lock('user');
    throw error;
  }
  return vault;
}
