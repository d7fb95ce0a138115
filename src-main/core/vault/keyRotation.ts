import { randomBytes, randomUUID } from 'node:crypto';
import {
  appendAuditRow,
  rechainAudit,
  verifyAuditChain,
  type AuditHead,
} from '../audit/auditChain';
import { deriveAuditKey } from '../audit/auditKey';
import {
  DATA_KEY_BYTES,
  DatabaseBusyError,
  rekeyDatabase,
  takeExclusiveAccess,
  type SqlDatabase,
} from '../db/openDatabase';
import type { KeychainStore, StoredDataKey } from './keychain';
import { makeKeySlot } from './keySlots';
import { writeVaultFile, type VaultFile } from './vaultFile';
import { updateVaultFile } from './vaultFileUpdate';
import { VaultError } from './vaultErrors';
import { discardRotationSnapshot, takeRotationSnapshot } from './rotationSnapshot';

/**
 * The points between the steps of a key rotation. Tests kill the process at each one
 * to prove the vault still opens afterwards; the app can use them for progress.
 */
export type RotationStep = 'prepared' | 'keychain-both' | 'rekeyed' | 'rechained' | 'finished';

export interface RotationContext {
  dataDir: string;
  db: SqlDatabase;
  keychain: KeychainStore | undefined;
  now: () => Date;
  onStep?: (step: RotationStep) => void;
}

/**
 * Replaces the data key K with a fresh one as a crash-safe sequence:
 * 0. a byte copy of the database is kept aside (see rotationSnapshot.ts);
 * 1. vault.json gets a second slot sealing the new key and a `rotation` marker;
 * 2. the keychain (if used) holds both keys;
 * 3. `PRAGMA rekey` re-encrypts the database (atomic in SQLCipher);
 * 4. the audit chain is re-MACed under the new key, with the rotation event;
 * 5. vault.json drops the old slot; the keychain keeps only the new key; the copy goes.
 * After a crash at any point, opening the vault finds whichever key the database is
 * under and completes or rolls back (see completeInterruptedRotation).
 */
export async function rotateDataKey(
  ctx: RotationContext,
  current: StoredDataKey,
  passphraseKek: Buffer,
): Promise<StoredDataKey> {
  const exclusive = takeExclusiveOrExplain(ctx.db);
  try {
    return await rotateWithExclusiveAccess(ctx, current, passphraseKek);
  } finally {
    exclusive.release();
  }
}

async function rotateWithExclusiveAccess(
  ctx: RotationContext,
  current: StoredDataKey,
  passphraseKek: Buffer,
): Promise<StoredDataKey> {
  const next: StoredDataKey = { keyId: randomUUID(), key: randomBytes(DATA_KEY_BYTES) };
  takeRotationSnapshot(ctx.dataDir);
  const prepared = updateVaultFile(ctx.dataDir, ctx.db, (file) => ({
    ...file,
    keys: [
      file.keys.find((slot) => slot.keyId === current.keyId) ?? mustHaveSlot(),
      makeKeySlot(file, passphraseKek, next),
    ],
    rotation: { fromKeyId: current.keyId, toKeyId: next.keyId, startedAt: ctx.now().toISOString() },
  }));
  ctx.onStep?.('prepared');

  try {
    if (prepared.keychain.enabled && ctx.keychain)
      await ctx.keychain.save(prepared.vaultId, [current, next]);
    ctx.onStep?.('keychain-both');
    rekeyDatabase(ctx.db, next.key);
  } catch (error) {
    // Nothing is encrypted under the new key yet: forget it, so vault.json is as before.
    await completeInterruptedRotation(ctx, prepared, current, [current]);
    throw error;
  }
  ctx.onStep?.('rekeyed');

  const head = rechainWithEvent(ctx, next.key, {
    resumed: false,
    chainWasIntact: chainIntact(ctx.db, current.key),
  });
  ctx.onStep?.('rechained');

  await finishRotation(ctx, prepared, next, head);
  ctx.onStep?.('finished');
  return next;
}

function takeExclusiveOrExplain(db: SqlDatabase): { release: () => void } {
  try {
    return takeExclusiveAccess(db);
  } catch (error) {
    if (error instanceof DatabaseBusyError) throw new VaultError('BUSY', error.message);
    throw error;
  }
}

/**
 * Called on open when vault.json still carries a rotation marker. `opened` is the key
 * that actually decrypted the database; `known` are all keys the unlock produced.
 */
export async function completeInterruptedRotation(
  ctx: RotationContext,
  file: VaultFile,
  opened: StoredDataKey,
  known: readonly StoredDataKey[],
): Promise<VaultFile> {
  const rotation = file.rotation;
  if (!rotation) return file;
  if (opened.keyId === rotation.fromKeyId) {
    // The rekey never happened: forget the new key.
    const rolledBack: VaultFile = {
      ...file,
      keys: file.keys.filter((slot) => slot.keyId === rotation.fromKeyId),
      rotation: null,
    };
    writeVaultFile(ctx.dataDir, rolledBack);
    discardRotationSnapshot(ctx.dataDir);
    if (file.keychain.enabled && ctx.keychain) await ctx.keychain.save(file.vaultId, [opened]);
    return rolledBack;
  }
  let head: AuditHead | null;
  const underNewKey = verifyAuditChain(ctx.db, deriveAuditKey(opened.key), null);
  if (underNewKey.ok) {
    head = underNewKey.head;
  } else {
    const old = known.find((entry) => entry.keyId === rotation.fromKeyId);
    head = rechainWithEvent(ctx, opened.key, {
      resumed: true,
      chainWasIntact: old ? chainIntact(ctx.db, old.key) : false,
    });
  }
  return finishRotation(ctx, file, opened, head);
}

function rechainWithEvent(
  ctx: RotationContext,
  newKey: Buffer,
  details: { resumed: boolean; chainWasIntact: boolean },
): AuditHead {
  const auditKey = deriveAuditKey(newKey);
  const rechainAndRecord = ctx.db.transaction(() => {
    rechainAudit(ctx.db, auditKey);
    return appendAuditRow(ctx.db, auditKey, 'vault.key_rotated', details, ctx.now().toISOString());
  });
  return rechainAndRecord.immediate();
}

async function finishRotation(
  ctx: RotationContext,
  file: VaultFile,
  next: StoredDataKey,
  head: AuditHead | null,
): Promise<VaultFile> {
  const finished = updateVaultFile(ctx.dataDir, ctx.db, (latest) => ({
    ...latest,
    keys: latest.keys.filter((slot) => slot.keyId === next.keyId),
    rotation: null,
    auditHead: head,
  }));
  discardRotationSnapshot(ctx.dataDir);
  if (file.keychain.enabled && ctx.keychain) await ctx.keychain.save(file.vaultId, [next]);
  return finished;
}

function chainIntact(db: SqlDatabase, dataKey: Buffer): boolean {
  return verifyAuditChain(db, deriveAuditKey(dataKey), null).ok;
}

function mustHaveSlot(): never {
  throw new Error('the current key generation has no slot in vault.json');
}
