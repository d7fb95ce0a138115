import type { SqlDatabase } from '../db/openDatabase';
import { readVaultFile, writeVaultFile, type VaultFile } from './vaultFile';
import { VaultError } from './vaultErrors';

/**
 * Read-modify-write of vault.json while holding the database's write lock, so a
 * second Casike process (the app and the CLI at once) cannot write back a stale copy
 * over a passphrase change. Always re-reads the file: the in-memory copy may be old.
 */
export function updateVaultFile(
  dataDir: string,
  db: SqlDatabase,
  change: (current: VaultFile) => VaultFile,
): VaultFile {
  const update = db.transaction((): VaultFile => {
    const current = readVaultFile(dataDir);
    if (!current)
      throw new VaultError('DAMAGED', 'vault.json disappeared while the vault was open');
    const next = change(current);
    writeVaultFile(dataDir, next);
    return next;
  });
  return update.immediate();
}
