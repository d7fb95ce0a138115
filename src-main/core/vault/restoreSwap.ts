import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { databasePath, vaultFilePath } from './vaultFile';

/*
 * The file swap at the end of a backup restore (src-main/core/cloud/backupRestore.ts), and
 * its recovery after a crash. The swap is a small two-phase protocol whose marker is the
 * previous database kept beside the new one:
 *
 *   1. casike.db → casike.db.pre-restore (then its -wal/-shm)      ← from here: uncommitted
 *   2. vault.json → vault.json.pre-restore, the restored vault.json written
 *   3. casike.db.restoring (decrypted, authenticated, checked) → casike.db
 *   4. the restored vault opens; session, sequence and `backup.restored` are written
 *   5. casike.db.pre-restore (and -wal/-shm) removed                ← the commit point
 *   6. vault.json.pre-restore removed
 *
 * So `casike.db.pre-restore` on disk means the restore never committed: recovery rolls back
 * to the previous vault, exactly as it was (the backup is still on the server, nothing is
 * lost). `vault.json.pre-restore` without it means the restore committed and only the
 * tidy-up was cut short: recovery finishes it. Rolling forward from before step 5 is never
 * needed, and never provable without the key, so it is never done.
 */

export const PREVIOUS_SUFFIX = '.pre-restore';
const SIDE_FILES = ['-wal', '-shm'] as const;

export function restoreStagedPath(dataDir: string): string {
  return `${databasePath(dataDir)}.restoring`;
}

/** Restores running in this process: their half-swapped files are not a crash's. */
const swapsInProgress = new Set<string>();

export function beginRestoreSwap(dataDir: string): void {
  swapsInProgress.add(resolve(dataDir));
}

export function endRestoreSwap(dataDir: string): void {
  swapsInProgress.delete(resolve(dataDir));
}

/** The side files first: the main file going last is what marks the set as gone. */
function removeDatabaseFiles(path: string): void {
  for (const suffix of [...SIDE_FILES, '-journal', '']) rmSync(path + suffix, { force: true });
}

export function syncDataDir(dataDir: string): void {
  // Windows cannot open a directory for fsync; NTFS journals the renames itself.
  if (process.platform === 'win32') return;
  const fd = openSync(dataDir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Step 1: the previous database (and its WAL, if any) moves aside. */
export function movePreviousDatabaseAside(dataDir: string): void {
  const db = databasePath(dataDir);
  const previous = db + PREVIOUS_SUFFIX;
  removeDatabaseFiles(previous);
  rmSync(vaultFilePath(dataDir) + PREVIOUS_SUFFIX, { force: true });
  renameSync(db, previous);
  for (const suffix of SIDE_FILES)
    if (existsSync(db + suffix)) renameSync(db + suffix, previous + suffix);
}

/** Step 2's first half: the previous vault.json moves aside (the caller writes the new one). */
export function movePreviousVaultFileAside(dataDir: string): void {
  const file = vaultFilePath(dataDir);
  renameSync(file, file + PREVIOUS_SUFFIX);
}

/** Steps 5 and 6: the restored vault opened and recorded the restore; the previous goes. */
export function commitRestoreSwap(dataDir: string, afterCommitPoint?: () => void): void {
  removeDatabaseFiles(databasePath(dataDir) + PREVIOUS_SUFFIX);
  syncDataDir(dataDir);
  afterCommitPoint?.();
  rmSync(vaultFilePath(dataDir) + PREVIOUS_SUFFIX, { force: true });
}

/** Puts the previous vault back exactly as it was (only while uncommitted). */
export function rollBackRestoreSwap(dataDir: string): void {
  const db = databasePath(dataDir);
  const previous = db + PREVIOUS_SUFFIX;
  if (!existsSync(previous)) return;
  if (existsSync(db)) {
    // The restored database is in place: it and its WAL go.
    removeDatabaseFiles(db);
  }
  // Otherwise any casike.db-wal/-shm still there are the previous database's own (moved
  // after it, so the crash came in between): they stay with it.
  renameSync(previous, db);
  for (const suffix of SIDE_FILES)
    if (existsSync(previous + suffix)) renameSync(previous + suffix, db + suffix);
  const file = vaultFilePath(dataDir);
  if (existsSync(file + PREVIOUS_SUFFIX)) renameSync(file + PREVIOUS_SUFFIX, file);
  removeDatabaseFiles(restoreStagedPath(dataDir));
  syncDataDir(dataDir);
}

export type RestoreRecovery = 'none' | 'rolled_back' | 'finished';

/**
 * Run before anything reads vault.json or the database (status, unlock, create): undoes a
 * restore a crash cut short before it committed, or finishes one cut short after.
 */
export function recoverInterruptedRestore(dataDir: string): RestoreRecovery {
  if (swapsInProgress.has(resolve(dataDir))) return 'none';
  const db = databasePath(dataDir);
  const file = vaultFilePath(dataDir);
  let outcome: RestoreRecovery = 'none';
  if (existsSync(db + PREVIOUS_SUFFIX)) {
    rollBackRestoreSwap(dataDir);
    outcome = 'rolled_back';
  } else if (existsSync(file + PREVIOUS_SUFFIX)) {
    removeDatabaseFiles(db + PREVIOUS_SUFFIX);
    rmSync(file + PREVIOUS_SUFFIX, { force: true });
    outcome = 'finished';
  }
  // A download cut short leaves only its staging file, which nothing else will use.
  removeDatabaseFiles(restoreStagedPath(dataDir));
  return outcome;
}
