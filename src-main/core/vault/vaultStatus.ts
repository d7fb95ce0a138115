import { recoverInterruptedRestore } from './restoreSwap';
import { requireVaultFile } from './vaultOpen';
import { readVaultFile } from './vaultFile';

export interface VaultStatus {
  exists: boolean;
  vaultId: string | null;
  createdAt: string | null;
  format: number | null;
  keychainEnabled: boolean;
  rotationPending: boolean;
  failedUnlocksSinceLastUnlock: number;
}

/** What can be said about the vault without unlocking it: nothing secret. */
export function vaultStatus(dataDir: string): VaultStatus {
  // A restore a crash cut short may have moved vault.json aside: put things right first,
  // or the app would offer to create a vault over the user's.
  recoverInterruptedRestore(dataDir);
  if (!readVaultFile(dataDir)) {
    return {
      exists: false,
      vaultId: null,
      createdAt: null,
      format: null,
      keychainEnabled: false,
      rotationPending: false,
      failedUnlocksSinceLastUnlock: 0,
    };
  }
  const file = requireVaultFile(dataDir);
  return {
    exists: true,
    vaultId: file.vaultId,
    createdAt: file.createdAt,
    format: file.format,
    keychainEnabled: file.keychain.enabled,
    rotationPending: file.rotation !== null,
    failedUnlocksSinceLastUnlock: file.failedUnlocks.length,
  };
}
