import { randomBytes } from 'node:crypto';
import { link, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { conflict, invalid } from '../coreError';

/** Where a file's content is written: text (as UTF-8) or raw bytes (a PDF). */
export interface FileSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

export interface AtomicWriteOptions {
  /** Replace an existing file. Without it an existing file is never touched. */
  overwrite: boolean;
}

/**
 * Writes a file so that it appears whole or not at all: the text goes to a hidden
 * partial file beside the target (same folder, so the final rename is atomic, and so
 * the plaintext never lands anywhere the user did not choose, such as the system temp
 * folder), readable by the owner only, is flushed to disk, and is then renamed into
 * place. Any failure (an error, a cancel, a full disk) removes the partial file.
 *
 * Without `overwrite`, publishing uses link(), which fails if the target appeared in
 * the meantime, so a file created by someone else is never replaced. Filesystems
 * without hard links (FAT, exFAT, some network shares) fall back to check-then-rename.
 */
export async function writeFileAtomically(
  target: string,
  write: (sink: FileSink) => Promise<void>,
  options: AtomicWriteOptions,
): Promise<void> {
  const path = resolve(target);
  if (!options.overwrite && (await exists(path))) throw alreadyExists();
  const partial = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`,
  );
  let handle: FileHandle | null = await openPartial(partial);
  try {
    const file = handle;
    await write({
      write: async (chunk) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        let offset = 0;
        while (offset < bytes.length) offset += (await file.write(bytes, offset)).bytesWritten;
      },
    });
    await file.sync();
    await file.close();
    handle = null;
    await publish(partial, path, options.overwrite);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(partial).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(path));
}

async function openPartial(partial: string): Promise<FileHandle> {
  try {
    return await open(partial, 'wx', 0o600);
  } catch (error) {
    throw fileError(error);
  }
}

async function publish(partial: string, path: string, overwrite: boolean): Promise<void> {
  try {
    if (overwrite) {
      await rename(partial, path);
      return;
    }
    try {
      await link(partial, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw alreadyExists();
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes(code ?? ''))
        throw error;
      if (await exists(path)) throw alreadyExists();
      await rename(partial, path);
      return;
    }
    await unlink(partial);
  } catch (error) {
    throw fileError(error);
  }
}

/** Makes the rename itself durable. Windows cannot open a folder; there it is skipped. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file's own data was flushed before the rename.
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

const alreadyExists = () =>
  conflict('the file already exists; choose another name or allow replacing it');

/** File system errors as one plain line, without the partial file's name. */
function fileError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return invalid('the folder to write to does not exist');
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return invalid('no permission to write there');
    case 'EISDIR':
      return invalid('the target is a folder, not a file');
    case 'ENOSPC':
      return invalid('the disk is full');
    default:
      return error;
  }
}
