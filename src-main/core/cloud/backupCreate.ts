import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { newId } from '../../../src-shared/domain/ids';
import {
  BackupUploadStateSchema,
  CompletedBackupSchema,
} from '../../../src-shared/contract/cloud/backupsWire';
import { readVaultFile, type UnlockedVault } from '../vault';
import {
  BACKUP_FORMAT,
  ChunkSealer,
  chunkCountFor,
  DEFAULT_CHUNK_BYTES,
  encodeHeader,
  wrapBackupKey,
  type Manifest,
} from './backupFormat';
import { outgoingFile, removeQuietly, snapshotFile } from './backupStaging';
import { CloudError } from './cloudErrors';
import {
  clearOutgoing,
  lastBackupSequence,
  loadOutgoing,
  rememberBackupSequence,
  saveOutgoing,
  type OutgoingBackup,
} from './cloudState';
import { authorizedClient, type AuthorizedClient } from './signIn';

/*
 * Backup creation: a consistent snapshot of the database (VACUUM INTO, which SQLite3MC
 * writes encrypted under the same key), scrubbed of this device's cloud tokens, encrypted
 * into the backup format, then uploaded in parts. The encrypted file and its upload state
 * are kept until the server confirms completion, so an upload cut off by a dropped
 * connection resumes where it stopped: within the same call (a few retries), or on the
 * next `createBackup` after the process ended.
 */

export const DEFAULT_PART_BYTES = 4 * 1024 * 1024;

export interface CreateBackupOptions {
  now?: () => Date;
  partBytes?: number;
  chunkBytes?: number;
  /** Network retries within this call before giving up (the upload stays resumable). */
  retries?: number;
  onProgress?: (uploadedBytes: number, totalBytes: number) => void;
}

export interface CreatedBackup {
  backupId: string;
  sequence: number;
  sizeBytes: number;
  /** True when this call finished an upload an earlier one had started. */
  resumed: boolean;
  partsUploaded: number;
  /** Dropped connections this call recovered from. */
  reconnects: number;
  pruned: string[];
  timings: { snapshotMs: number; encryptMs: number; uploadMs: number };
}

/** Makes the snapshot and the encrypted file; records the pending upload in the vault. */
function prepareBackup(
  vault: UnlockedVault,
  serverUrl: string,
  options: CreateBackupOptions,
): { outgoing: OutgoingBackup; snapshotMs: number; encryptMs: number } {
  const now = options.now ?? (() => new Date());
  const db = vault.db;
  const backupId = newId();
  // Reserved for this backup, but remembered as "seen" only once the server holds it
  // (createBackup, after complete): a backup the server refused (no subscription, a bad
  // network) must not make the newest real backup look like a rollback to restore.
  const sequence = lastBackupSequence(db) + 1;

  const started = performance.now();
  const snapshot = snapshotFile(vault.dataDir, backupId);
  removeQuietly(snapshot);
  db.prepare('VACUUM INTO ?').run(snapshot);
  // ATTACH without a key uses the main database's key: the snapshot's. Another device
  // must never present this device's refresh token (reuse detection would end our session).
  db.prepare('ATTACH DATABASE ? AS snap').run(snapshot);
  try {
    db.pragma('snap.secure_delete = ON');
    db.exec(`DELETE FROM snap.cloud_session; DELETE FROM snap.cloud_pending_sign_in;
             DELETE FROM snap.cloud_outgoing_backup;`);
    // The snapshot itself remembers its own sequence.
    db.prepare(
      `INSERT INTO snap.cloud_backup_state (id, last_sequence, last_backup_id) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_sequence = excluded.last_sequence,
         last_backup_id = excluded.last_backup_id`,
    ).run(sequence, backupId);
  } finally {
    db.exec('DETACH DATABASE snap');
  }
  const snapshotMs = performance.now() - started;

  const encryptStarted = performance.now();
  const file = readVaultFile(vault.dataDir);
  const wrap = vault.deriveSubkey('backup-key-wrap-v1');
  const slot = file?.keys.find((k) => k.keyId === wrap.keyId);
  if (file === null || slot === undefined)
    throw new CloudError('rejected', 'the vault is in the middle of a key change; try again');
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const backupKey = randomBytes(32);
  const fileName = `${backupId}.cbk`;
  const target = outgoingFile(vault.dataDir, fileName);
  const input = openSync(snapshot, 'r');
  const output = openSync(target, 'wx', 0o600);
  let totalBytes = 0;
  let written = false;
  try {
    const plaintextBytes = fstatSync(input).size;
    const identity = { backupId, vaultId: file.vaultId, keyId: wrap.keyId, sequence };
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      ...identity,
      createdAt: now().toISOString(),
      chunkBytes,
      plaintextBytes,
      chunkCount: chunkCountFor(plaintextBytes, chunkBytes),
      schemaVersion: Number(db.pragma('user_version', { simple: true })),
      wrappedKey: wrapBackupKey(wrap.key, backupKey, identity),
      keyMaterial: {
        vaultId: file.vaultId,
        createdAt: file.createdAt,
        passphraseKdf: file.passphraseKdf,
        recoveryPublicKey: file.recoveryPublicKey,
        slot,
      },
    };
    const { header, mac } = encodeHeader(manifest, backupKey);
    totalBytes += writeSync(output, header);
    const sealer = new ChunkSealer(backupKey, mac);
    const buffer = Buffer.alloc(chunkBytes);
    for (let index = 0; index < manifest.chunkCount; index += 1) {
      const read = readSync(input, buffer, 0, chunkBytes, index * chunkBytes);
      const sealed = sealer.seal(buffer.subarray(0, read), index === manifest.chunkCount - 1);
      totalBytes += writeSync(output, sealed);
    }
    written = true;
  } finally {
    closeSync(input);
    closeSync(output);
    if (!written) removeQuietly(target);
    backupKey.fill(0);
    wrap.key.fill(0);
    removeQuietly(snapshot);
  }
  const outgoing: OutgoingBackup = {
    backupId,
    serverUrl,
    fileName,
    totalBytes,
    partBytes: options.partBytes ?? DEFAULT_PART_BYTES,
    sequence,
    createdAt: now().toISOString(),
  };
  saveOutgoing(db, outgoing);
  return { outgoing, snapshotMs, encryptMs: performance.now() - encryptStarted };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads the parts the server lacks, retrying dropped connections; then completes. */
async function upload(
  client: AuthorizedClient,
  dataDir: string,
  outgoing: OutgoingBackup,
  options: CreateBackupOptions,
): Promise<{ partsUploaded: number; pruned: string[]; reconnects: number }> {
  const path = outgoingFile(dataDir, outgoing.fileName);
  const retries = options.retries ?? 3;
  let partsUploaded = 0;
  let attempt = 0;
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      try {
        const state = await client.call((token) =>
          client.http.json('POST', '/v1/backups', BackupUploadStateSchema, {
            token,
            body: {
              id: outgoing.backupId,
              totalBytes: outgoing.totalBytes,
              partBytes: outgoing.partBytes,
            },
          }),
        );
        const have = new Set(state.receivedParts);
        let uploaded = have.size * outgoing.partBytes;
        for (let index = 0; index < state.partCount; index += 1) {
          if (state.status === 'complete' || have.has(index)) continue;
          const offset = index * outgoing.partBytes;
          const size = Math.min(outgoing.partBytes, outgoing.totalBytes - offset);
          const part = Buffer.alloc(size);
          readSync(fd, part, 0, size, offset);
          await client.call((token) =>
            client.http.putBytes(`/v1/backups/${outgoing.backupId}/parts/${index}`, part, token),
          );
          partsUploaded += 1;
          uploaded += size;
          options.onProgress?.(Math.min(uploaded, outgoing.totalBytes), outgoing.totalBytes);
        }
        const done = await client.call((token) =>
          client.http.json(
            'POST',
            `/v1/backups/${outgoing.backupId}/complete`,
            CompletedBackupSchema,
            { token },
          ),
        );
        return { partsUploaded, pruned: done.pruned, reconnects: attempt };
      } catch (error) {
        const transient = error instanceof CloudError && error.failure === 'unreachable';
        if (!transient || attempt >= retries) throw error;
        attempt += 1;
        await sleep(100 * attempt);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes an encrypted backup of the vault and uploads it; or, when an earlier upload was
 * cut off, finishes that one first (`resumed: true`). Audited as `backup.created`.
 */
export async function createBackup(
  vault: UnlockedVault,
  options: CreateBackupOptions = {},
): Promise<CreatedBackup> {
  const client = authorizedClient(vault, options.now);
  let pending = loadOutgoing(vault.db);
  // An upload that lost its file, or was meant for another server, cannot be resumed.
  if (
    pending !== undefined &&
    (!existsSync(outgoingFile(vault.dataDir, pending.fileName)) ||
      pending.serverUrl !== client.session.serverUrl)
  ) {
    clearOutgoing(vault.db, pending.backupId);
    removeQuietly(outgoingFile(vault.dataDir, pending.fileName));
    pending = undefined;
  }
  const prepared =
    pending === undefined
      ? prepareBackup(vault, client.session.serverUrl, options)
      : { outgoing: pending, snapshotMs: 0, encryptMs: 0 };
  const { outgoing } = prepared;
  const uploadStarted = performance.now();
  const { partsUploaded, pruned, reconnects } = await upload(
    client,
    vault.dataDir,
    outgoing,
    options,
  );
  const uploadMs = performance.now() - uploadStarted;
  rememberBackupSequence(vault.db, outgoing.sequence, outgoing.backupId);
  clearOutgoing(vault.db, outgoing.backupId);
  removeQuietly(outgoingFile(vault.dataDir, outgoing.fileName));
  vault.audit('backup.created', {
    backupId: outgoing.backupId,
    sequence: outgoing.sequence,
    bytes: outgoing.totalBytes,
    resumed: pending !== undefined,
  });
  return {
    backupId: outgoing.backupId,
    sequence: outgoing.sequence,
    sizeBytes: outgoing.totalBytes,
    resumed: pending !== undefined,
    partsUploaded,
    reconnects,
    pruned,
    timings: { snapshotMs: prepared.snapshotMs, encryptMs: prepared.encryptMs, uploadMs },
  };
}
