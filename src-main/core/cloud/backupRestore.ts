import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { BackupIdSchema } from '../../../src-shared/contract/cloud/backupsWire';
import { openEncryptedDatabase, type SqlDatabase } from '../db/openDatabase';
import {
  beginRestoreSwap,
  commitRestoreSwap,
  databasePath,
  endRestoreSwap,
  movePreviousDatabaseAside,
  movePreviousVaultFileAside,
  readVaultFile,
  restoreStagedPath,
  rollBackRestoreSwap,
  syncDataDir,
  writeVaultFile,
  type UnlockedVault,
  type VaultFile,
} from '../vault';
import {
  ChunkOpener,
  parseHeader,
  unwrapBackupKey,
  verifyHeader,
  type Manifest,
  type ParsedHeader,
} from './backupFormat';
import { vaultFileFromBackup, wrapKeyFor, type BackupSecret } from './backupKeys';
import { backupInfo, listBackups } from './backupList';
import { CloudError } from './cloudErrors';
import {
  lastBackupSequence,
  loadSession,
  rememberBackupSequence,
  saveSession,
  type CloudSession,
} from './cloudState';
import { authorizedClient } from './signIn';

/*
 * Restore: download, authenticate and decrypt into a staged database beside the vault,
 * check that it opens, then swap it in by rename, keeping the previous database (and
 * vault.json, when the restored vault needs another one) until the restored vault has
 * opened. Refused: a backup that fails authentication anywhere (tampered, truncated,
 * reordered), a manifest for another backup than the one asked for, and a backup older
 * than the newest this vault has seen, unless the caller says that is intended.
 */

export interface RestoreOptions {
  /** The passphrase (or recovery key) the backup was made under, when it is not this vault's key. */
  secret?: BackupSecret;
  /** Restore a backup older than the newest this vault has seen (a deliberate rollback). */
  allowOlder?: boolean;
  /**
   * Opens the vault again after the swap (the caller knows how: passphrase, keychain).
   * If it throws, the previous vault is put back.
   */
  reopen: (swap: { replacedKeys: boolean }) => Promise<UnlockedVault>;
  /** Test-only: called at each step of the file swap, so a test can "crash" there. */
  onSwapStep?: (step: RestoreSwapStep) => void;
}

/** The swap's steps, in order (src-main/core/vault/restoreSwap.ts explains the protocol). */
export type RestoreSwapStep =
  | 'previous-moved'
  | 'vault-file-moved'
  | 'vault-file-written'
  | 'restored-in-place'
  | 'reopened'
  | 'committed';

export interface RestoredBackup {
  vault: UnlockedVault;
  backupId: string;
  sequence: number;
  bytes: number;
  /** True when vault.json was replaced (the backup came from another key generation). */
  replacedKeys: boolean;
  timings: { downloadMs: number; swapMs: number };
}

function removeDb(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** The newest audit row of a database (its chain head) and a quick integrity check. */
function inspect(db: SqlDatabase, schema: 'main' | 'r'): VaultFile['auditHead'] {
  const check = db.pragma(`${schema}.quick_check`, { simple: true });
  if (check !== 'ok') throw new CloudError('tampered', 'the restored database is damaged');
  const row = db
    .prepare(`SELECT seq, mac FROM ${schema}.audit_log ORDER BY seq DESC LIMIT 1`)
    .get() as { seq: number; mac: Buffer } | undefined;
  return row === undefined ? null : { seq: row.seq, mac: row.mac.toString('base64') };
}

async function resolveId(vault: UnlockedVault, idOrLatest: string): Promise<string> {
  if (idOrLatest !== 'latest') {
    if (!BackupIdSchema.safeParse(idOrLatest).success)
      throw new CloudError(
        'rejected',
        'a backup id looks like 0190b6e4-5c3a-7d2e-9f41-6a2b3c4d5e6f',
      );
    return idOrLatest;
  }
  const newest = (await listBackups(vault)).find((b) => b.status === 'complete');
  if (newest === undefined)
    throw new CloudError('rejected', 'there is no complete backup to restore');
  return newest.id;
}

/** Downloads and decrypts into the staged file; returns the authenticated manifest. */
async function downloadInto(
  vault: UnlockedVault,
  backupId: string,
  target: string,
  options: RestoreOptions,
): Promise<{ manifest: Manifest; dataKey: Buffer | undefined }> {
  const info = await backupInfo(vault, backupId);
  if (info.status !== 'complete')
    throw new CloudError('rejected', 'that backup is still uploading; it cannot be restored');
  const client = authorizedClient(vault);
  const fd = openSync(target, 'wx', 0o600);
  try {
    let head = Buffer.alloc(0);
    let parsed: ParsedHeader | undefined;
    let opener: ChunkOpener | undefined;
    let dataKey: Buffer | undefined;
    const fetchPart = (index: number) =>
      client.call((token) => client.http.getBytes(`/v1/backups/${backupId}/parts/${index}`, token));
    // One part is always on its way while the previous one is decrypted and written.
    let next: Promise<Buffer> | undefined = fetchPart(0);
    for (let index = 0; index < info.partCount; index += 1) {
      const part: Buffer = await (next ?? fetchPart(index));
      next = index + 1 < info.partCount ? fetchPart(index + 1) : undefined;
      // If this loop throws, the part in flight is abandoned without an unhandled rejection.
      next?.catch(() => undefined);
      if (opener !== undefined) {
        opener.push(part);
        continue;
      }
      head = Buffer.concat([head, part]);
      parsed = parseHeader(head);
      if (parsed === undefined) continue;
      const manifest = parsed.manifest;
      const keys = await wrapKeyFor(vault, manifest, options.secret);
      dataKey = keys.dataKey;
      const backupKey = unwrapBackupKey(keys.wrapKey, manifest);
      keys.wrapKey.fill(0);
      verifyHeader(parsed, backupKey);
      // Authenticated from here on: now its claims can be checked.
      if (manifest.backupId !== backupId)
        throw new CloudError(
          'wrong_backup',
          'the server sent another backup than the one asked for',
        );
      const seen = lastBackupSequence(vault.db);
      if (manifest.sequence < seen && options.allowOlder !== true)
        throw new CloudError(
          'rollback',
          `backup ${manifest.sequence} is older than the newest backup this vault has seen (${seen}); pass --allow-older to restore it anyway`,
        );
      opener = new ChunkOpener(backupKey, manifest, parsed.mac, (plain) => {
        writeSync(fd, plain);
      });
      opener.push(head.subarray(parsed.length));
    }
    if (opener === undefined || parsed === undefined)
      throw new CloudError('tampered', 'the backup is truncated');
    opener.finish();
    fsyncSync(fd);
    return { manifest: parsed.manifest, dataKey };
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces this vault with a backup. The vault passed in is locked by this call; the
 * restored one is returned open.
 */
export async function restoreBackup(
  vault: UnlockedVault,
  idOrLatest: string,
  options: RestoreOptions,
): Promise<RestoredBackup> {
  const dataDir = vault.dataDir;
  // Until this call returns, the staging file and any half-done swap are this call's,
  // not a crash's for the next unlock to clean up.
  beginRestoreSwap(dataDir);
  try {
    return await restoreInto(vault, dataDir, idOrLatest, options);
  } finally {
    endRestoreSwap(dataDir);
  }
}

async function restoreInto(
  vault: UnlockedVault,
  dataDir: string,
  idOrLatest: string,
  options: RestoreOptions,
): Promise<RestoredBackup> {
  const step = options.onSwapStep ?? (() => undefined);
  const backupId = await resolveId(vault, idOrLatest);
  const staged = restoreStagedPath(dataDir);
  removeDb(staged);
  const downloadStarted = performance.now();
  let manifest: Manifest;
  let auditHead: VaultFile['auditHead'];
  try {
    const got = await downloadInto(vault, backupId, staged, options);
    manifest = got.manifest;
    if (got.dataKey === undefined) {
      // Same key as the open vault: ATTACH reads it with that key.
      vault.db.prepare('ATTACH DATABASE ? AS r').run(staged);
      try {
        auditHead = inspect(vault.db, 'r');
      } finally {
        vault.db.exec('DETACH DATABASE r');
      }
    } else {
      const db = openEncryptedDatabase(staged, got.dataKey, { readonly: true });
      try {
        auditHead = inspect(db, 'main');
      } finally {
        db.close();
        got.dataKey.fill(0);
      }
    }
  } catch (error) {
    removeDb(staged);
    throw error;
  }
  const downloadMs = performance.now() - downloadStarted;

  // What this device keeps across the restore: its session, and the newest sequence seen.
  const session: CloudSession | undefined = loadSession(vault.db);
  const sequence = Math.max(lastBackupSequence(vault.db), manifest.sequence);
  const current = readVaultFile(dataDir);
  const sameKeys =
    current !== null &&
    current.vaultId === manifest.vaultId &&
    current.keys.some((slot) => slot.keyId === manifest.keyId);

  // The swap (vault/restoreSwap.ts): from the first rename until the commit, a crash is
  // rolled back by the next unlock; the previous vault.json is always kept aside too.
  const swapStarted = performance.now();
  vault.lock('system');
  movePreviousDatabaseAside(dataDir);
  step('previous-moved');
  movePreviousVaultFileAside(dataDir);
  step('vault-file-moved');
  writeVaultFile(
    dataDir,
    sameKeys && current !== null
      ? { ...current, auditHead }
      : vaultFileFromBackup(manifest.keyMaterial, auditHead),
  );
  step('vault-file-written');
  renameSync(staged, databasePath(dataDir));
  syncDataDir(dataDir);
  step('restored-in-place');

  let restored: UnlockedVault;
  try {
    restored = await options.reopen({ replacedKeys: !sameKeys });
  } catch (error) {
    // Put the previous vault back exactly as it was.
    rollBackRestoreSwap(dataDir);
    throw error;
  }
  if (session !== undefined) saveSession(restored.db, session);
  rememberBackupSequence(restored.db, sequence, backupId);
  restored.audit('backup.restored', {
    backupId,
    sequence: manifest.sequence,
    replacedKeys: !sameKeys,
    older: manifest.sequence < sequence,
  });
  step('reopened');
  commitRestoreSwap(dataDir, () => step('committed'));
  return {
    vault: restored,
    backupId,
    sequence: manifest.sequence,
    bytes: manifest.plaintextBytes,
    replacedKeys: !sameKeys,
    timings: { downloadMs, swapMs: performance.now() - swapStarted },
  };
}
