import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { databasePath } from './vaultFile';

/**
 * A byte copy of the database (ciphertext under the old key) taken just before a
 * rekey. SQLite3MC 2.3 (the build for Node 20) cannot roll back a rekey that was
 * killed while rewriting the file: the page-1 salt is already new, so neither key
 * opens it. The copy makes that moment recoverable; it is removed when the rotation
 * completes. Taken under an exclusive lock with no WAL, so it is consistent.
 */
export function snapshotPath(dataDir: string): string {
  return `${databasePath(dataDir)}.pre-rotation`;
}

export function takeRotationSnapshot(dataDir: string): void {
  const target = snapshotPath(dataDir);
  const temp = `${target}.partial`;
  copyFileSync(databasePath(dataDir), temp);
  fsyncFile(temp);
  renameSync(temp, target);
  fsyncFile(dirname(target));
}

export function hasRotationSnapshot(dataDir: string): boolean {
  return existsSync(snapshotPath(dataDir));
}

/** Puts the pre-rotation copy back in place of a database the rekey left unreadable. */
export function restoreRotationSnapshot(dataDir: string): void {
  const db = databasePath(dataDir);
  const temp = `${db}.restoring`;
  copyFileSync(snapshotPath(dataDir), temp);
  fsyncFile(temp);
  // The half-applied rekey's journal belongs to the file being replaced.
  for (const suffix of ['-journal', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  renameSync(temp, db);
  fsyncFile(dirname(db));
}

export function discardRotationSnapshot(dataDir: string): void {
  rmSync(snapshotPath(dataDir), { force: true });
  rmSync(`${snapshotPath(dataDir)}.partial`, { force: true });
}

function fsyncFile(path: string): void {
  if (process.platform === 'win32' && path === dirname(path)) return;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    // Windows cannot open a directory; NTFS journals renames itself.
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
