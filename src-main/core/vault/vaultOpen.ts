import { recoverInterruptedRestore } from './restoreSwap';
import { existsSync } from 'node:fs';
import { DatabaseKeyError, openEncryptedDatabase, type SqlDatabase } from '../db/openDatabase';
import { migrate, SchemaFromTheFutureError } from '../db/migrate';
import type { KeychainStore, StoredDataKey } from './keychain';
import { completeInterruptedRotation } from './keyRotation';
import { unlockCandidates, type Unlock } from './unlockCandidates';
import { UnlockedVault } from './unlockedVault';
import { finishInterruptedCreate } from './vaultCreate';
import {
  databasePath,
  readVaultFile,
  VaultFileError,
  writeVaultFile,
  type VaultFile,
} from './vaultFile';
import { VaultError } from './vaultErrors';
import {
  discardRotationSnapshot,
  hasRotationSnapshot,
  restoreRotationSnapshot,
} from './rotationSnapshot';

export interface VaultContext {
  dataDir: string;
  /** The OS keychain; leave out where none should be used. */
  keychain?: KeychainStore;
  now?: () => Date;
}

/** Reads vault.json or says clearly that there is no vault (or that it is damaged). */
export function requireVaultFile(dataDir: string): VaultFile {
  let file: VaultFile | null;
  try {
    file = readVaultFile(dataDir);
  } catch (error) {
    if (error instanceof VaultFileError) throw new VaultError('DAMAGED', error.message);
    throw error;
  }
  if (!file)
    throw new VaultError('NO_VAULT', `no vault in ${dataDir}; create one with \`casike init\``);
  return file;
}

/**
 * Unlocks the vault and returns it open: the database decrypted, migrated to the
 * newest schema, an interrupted key rotation finished or rolled back, and the
 * unlock (plus any failed attempts since the last one) written to the audit log.
 */
export async function openVault(ctx: VaultContext, unlock: Unlock): Promise<UnlockedVault> {
  const now = ctx.now ?? (() => new Date());
  // Before vault.json is read: a restore a crash cut short is undone (or finished).
  recoverInterruptedRestore(ctx.dataDir);
  let file = requireVaultFile(ctx.dataDir);
  finishInterruptedCreate(ctx.dataDir);
  if (!existsSync(databasePath(ctx.dataDir))) {
    throw new VaultError('DAMAGED', 'vault.json is here but the database file is missing');
  }

  let candidates: StoredDataKey[];
  try {
    candidates = await unlockCandidates(file, unlock, ctx.keychain);
  } catch (error) {
    if (error instanceof VaultError && error.code === 'WRONG_SECRET')
      recordFailedUnlock(ctx.dataDir, unlock, now);
    throw error;
  }

  const { db, opened } = openDatabaseOfVault(ctx.dataDir, file, candidates);
  try {
    if (file.rotation) {
      file = await completeInterruptedRotation(
        { dataDir: ctx.dataDir, db, keychain: ctx.keychain, now },
        file,
        opened,
        candidates,
      );
    }
    migrateOrExplain(db);
  } catch (error) {
    db.close();
    throw error;
  }
  for (const other of candidates) if (other !== opened) other.key.fill(0);

  const vault = new UnlockedVault(
    { dataDir: ctx.dataDir, keychain: ctx.keychain, now },
    db,
    opened,
  );
  vault.recordPendingFailedUnlocks();
  vault.audit('vault.unlocked', { method: unlock.method });
  vault.pruneAuditIfDue();
  return vault;
}

/**
 * Opens the database with whichever known key fits. A key rotation killed inside
 * its rekey can leave a file no key opens; then the pre-rotation copy is restored
 * (the rekey never committed, so that copy is the true state) and the rotation is
 * rolled back by the caller.
 */
function openDatabaseOfVault(
  dataDir: string,
  file: VaultFile,
  candidates: readonly StoredDataKey[],
): { db: SqlDatabase; opened: StoredDataKey } {
  if (!file.rotation) {
    discardRotationSnapshot(dataDir);
    return openWithFirstFittingKey(databasePath(dataDir), candidates);
  }
  try {
    return openWithFirstFittingKey(databasePath(dataDir), candidates);
  } catch (error) {
    if (!hasRotationSnapshot(dataDir)) throw error;
    restoreRotationSnapshot(dataDir);
    return openWithFirstFittingKey(databasePath(dataDir), candidates);
  }
}

function openWithFirstFittingKey(
  file: string,
  candidates: readonly StoredDataKey[],
): { db: SqlDatabase; opened: StoredDataKey } {
  for (const candidate of candidates) {
    try {
      return { db: openEncryptedDatabase(file, candidate.key), opened: candidate };
    } catch (error) {
      if (!(error instanceof DatabaseKeyError)) throw error;
    }
  }
  throw new VaultError('DAMAGED', 'the database does not match vault.json (no known key opens it)');
}

function migrateOrExplain(db: SqlDatabase): void {
  try {
    migrate(db);
  } catch (error) {
    if (error instanceof SchemaFromTheFutureError) throw new VaultError('DAMAGED', error.message);
    throw error;
  }
}

/**
 * A failed unlock cannot be written to the locked database, so it waits in vault.json
 * and moves into the audit log at the next successful unlock.
 */
function recordFailedUnlock(dataDir: string, unlock: Unlock, now: () => Date): void {
  const file = readVaultFile(dataDir);
  if (!file) return;
  const failedUnlocks = [
    ...file.failedUnlocks,
    { at: now().toISOString(), method: unlock.method },
  ].slice(-1000);
  writeVaultFile(dataDir, { ...file, failedUnlocks });
}
