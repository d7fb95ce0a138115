import type { SqlDatabase } from '../db/openDatabase';
import type { ImportedRow, ImportResult } from './importedRow';
import { ImportWriter, type ImportOptions } from './importWriter';

const CHUNK = 5_000;

/**
 * Streams rows from a parser into one all-or-nothing import. Between chunks it yields
 * to the event loop (progress can be shown, a cancel can arrive); `signal` aborts and
 * rolls back. Any error — a bad line, a cancel — leaves the vault as it was.
 */
export async function runImport(
  db: SqlDatabase,
  rows: AsyncIterable<ImportedRow> | Iterable<ImportedRow>,
  options: ImportOptions & { signal?: AbortSignal; onProgress?: (rowsRead: number) => void },
): Promise<ImportResult> {
  const writer = ImportWriter.begin(db, options);
  let chunk: ImportedRow[] = [];
  let read = 0;
  try {
    for await (const row of rows) {
      chunk.push(row);
      if (chunk.length >= CHUNK) {
        options.signal?.throwIfAborted();
        writer.add(chunk);
        read += chunk.length;
        chunk = [];
        options.onProgress?.(read);
      }
    }
    options.signal?.throwIfAborted();
    writer.add(chunk);
    options.onProgress?.(read + chunk.length);
    return writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
}
