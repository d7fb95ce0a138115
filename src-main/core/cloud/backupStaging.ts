import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Files a backup passes through, inside the vault's own folder (same disk, owner-only):
 * the database snapshot (SQLCipher ciphertext under K, like casike.db itself) and the
 * encrypted backup waiting to upload (ciphertext under the backup key). Nothing in here
 * is ever plaintext.
 */

export function stagingDir(dataDir: string): string {
  const dir = join(dataDir, 'cloud-staging');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function snapshotFile(dataDir: string, backupId: string): string {
  return join(stagingDir(dataDir), `${backupId}.snapshot.db`);
}

export function outgoingFile(dataDir: string, fileName: string): string {
  return join(stagingDir(dataDir), fileName);
}

export function removeQuietly(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}
