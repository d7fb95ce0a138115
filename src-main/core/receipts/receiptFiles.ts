import { open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { MAX_RECEIPT_BYTES } from '../../../src-shared/contract/expenses';
import { conflict, invalid } from '../coreError';
import type { UnlockedVault } from '../vault';
import {
  getReceiptMeta,
  prepareReceipt,
  readReceiptChunks,
  type PreparedReceipt,
} from './receiptStore';
import { displayName } from './receiptType';

/*
 * The only two places a receipt meets the file system: reading the file the user chose
 * (left where it is, never copied) and writing a copy where the user asked for one.
 * There is no temporary copy anywhere, so there is nothing to clean up at start-up.
 */

/** Reads and checks a receipt file the user named. Throws VALIDATION with one line. */
export async function readReceiptFile(path: string): Promise<PreparedReceipt> {
  const name = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw invalid(`${displayName(name)} is not a file`);
    size = info.size;
  } catch (error) {
    throw fileProblem(error, name);
  }
  // Refuse before reading, so a huge file is never loaded into memory.
  if (size > MAX_RECEIPT_BYTES)
    throw invalid(`${displayName(name)} is larger than 25 MB; a receipt may be at most 25 MB`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileProblem(error, name);
  }
  return prepareReceipt(name, bytes);
}

/** What an export needs of the vault: its database, and the audit log it is written to. */
export type ReceiptExportVault = Pick<UnlockedVault, 'db' | 'audit'>;

/**
 * Writes a receipt's original bytes to `target`, which the user chose: the only
 * plaintext copy Casike ever makes, and it is audited like every export. The file is
 * created owner-only; an existing file is replaced only with `overwrite`. A failure
 * part-way removes what was written.
 */
export async function exportReceipt(
  vault: ReceiptExportVault,
  id: string,
  target: string,
  options: { overwrite: boolean },
): Promise<{ path: string; bytes: number }> {
  const meta = getReceiptMeta(vault.db, id);
  const path = resolve(target);
  let handle: FileHandle;
  try {
    handle = await open(path, options.overwrite ? 'w' : 'wx', 0o600);
  } catch (error) {
    throw fileProblem(error, basename(path));
  }
  let written = 0;
  try {
    for (const chunk of readReceiptChunks(vault.db, id)) {
      let offset = 0;
      while (offset < chunk.length) offset += (await handle.write(chunk, offset)).bytesWritten;
      written += chunk.length;
    }
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw fileProblem(error, basename(path));
  }
  vault.audit('export.created', {
    format: meta.mediaType,
    kind: 'receipt',
    rows: 1,
    bytes: written,
  });
  return { path, bytes: written };
}

/** A file system error as one plain line; never the full path. */
function fileProblem(error: unknown, name: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return invalid(`${displayName(name)} does not exist (or its folder does not)`);
    case 'EEXIST':
      return conflict(
        `${displayName(name)} already exists; choose another name or allow replacing it`,
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return invalid(`no permission to use ${displayName(name)}`);
    case 'EISDIR':
      return invalid(`${displayName(name)} is a folder, not a file`);
    case 'ENOSPC':
      return invalid('the disk is full');
    default:
      return error;
  }
}
