import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { KeychainStore } from './keychain';
import { DATABASE_FILE_NAME, readVaultFile, VAULT_FILE_NAME } from './vaultFile';

export interface VaultDeletion {
  /** False when there was nothing left to delete (a repeated call). */
  deleted: boolean;
  removedFiles: number;
}

/**
 * Removes every file of the vault in `dataDir`: vault.json first, because it holds the
 * only sealed copies of the data key, so even a crash right after leaves a database no
 * one can open; then the keychain entry; then the database, its WAL and shared-memory
 * files, the rotation snapshot and any leftover partial files. Each file is overwritten
 * with random bytes before it is unlinked. That is best effort (SSDs and copy-on-write
 * file systems may keep old blocks), which is why the key goes first. Idempotent.
 * The vault must be locked (database closed) before this runs.
 */
export async function deleteVaultFiles(
  dataDir: string,
  keychain: KeychainStore | undefined,
): Promise<VaultDeletion> {
  let vaultId: string | null = null;
  try {
    vaultId = readVaultFile(dataDir)?.vaultId ?? null;
  } catch {
    // A damaged vault.json is still deleted below.
  }
  const names = vaultFileNames(dataDir);
  let removedFiles = 0;
  for (const name of names) if (shredAndRemove(join(dataDir, name))) removedFiles += 1;
  if (vaultId && keychain) await keychain.remove(vaultId).catch(() => undefined);
  return { deleted: removedFiles > 0, removedFiles };
}

/** vault.json and its partials first, then the database family. */
function vaultFileNames(dataDir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dataDir);
  } catch {
    return [];
  }
  const belongs = (prefix: string) => (name: string) =>
    name.startsWith(prefix) || name.startsWith(`.${prefix}`);
  const vaultFiles = entries.filter(belongs(VAULT_FILE_NAME));
  const databaseFiles = entries.filter(belongs(DATABASE_FILE_NAME));
  return [
    ...vaultFiles.filter((name) => name === VAULT_FILE_NAME),
    ...vaultFiles.filter((name) => name !== VAULT_FILE_NAME),
    ...databaseFiles,
  ];
}

function shredAndRemove(path: string): boolean {
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) return false;
    size = info.size;
  } catch {
    return false;
  }
  try {
    const fd = openSync(path, 'r+');
    try {
      const block = 1 << 16;
      for (let offset = 0; offset < size; offset += block) {
        writeSync(fd, randomBytes(Math.min(block, size - offset)), 0, undefined, offset);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Overwriting is best effort; removing is not.
  }
  unlinkSync(path);
  return true;
}
