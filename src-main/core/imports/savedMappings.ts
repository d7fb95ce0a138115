import { z } from 'zod';
import { CsvDialectSchema, CsvMappingSchema } from '../../../src-shared/contract/csvImport';
import type { SqlDatabase } from '../db/openDatabase';

/** A confirmed CSV layout: how the bank writes its file and which column means what. */
export const SavedCsvMappingSchema = z.strictObject({
  dialect: CsvDialectSchema,
  mapping: CsvMappingSchema,
});
export type SavedCsvMapping = z.output<typeof SavedCsvMappingSchema>;

/**
 * Remembers the layout the user confirmed for files with this header signature
 * (`csvSignature`), replacing any earlier one. The next file from the same bank is
 * then previewed with it, including a date format the user had to choose.
 */
export function saveMapping(db: SqlDatabase, signature: string, saved: SavedCsvMapping): void {
  const checked = SavedCsvMappingSchema.parse(saved);
  db.prepare(
    `INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  ).run(signature, JSON.stringify(checked), new Date().toISOString());
}

/**
 * The saved layout for a signature, or null. A stored value that no longer fits the
 * schema (written by an older version) counts as none: detection runs again and the
 * user's next confirmation overwrites it.
 */
export function findMapping(db: SqlDatabase, signature: string): SavedCsvMapping | null {
  const row = db
    .prepare('SELECT mapping FROM import_mappings WHERE signature = ?')
    .get(signature) as { mapping: string } | undefined;
  if (!row) return null;
  try {
    const parsed = SavedCsvMappingSchema.safeParse(JSON.parse(row.mapping));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
