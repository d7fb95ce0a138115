import type { Migration } from './migration';

/**
 * Imports: a per-account dedupe key for rows without a bank id (a fingerprint plus
 * its occurrence number in the file), saved CSV column mappings keyed by the file's
 * header signature, and a record of each import batch.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'imports',
  up(db) {
    db.exec(`
      ALTER TABLE transactions ADD COLUMN import_key TEXT;
      CREATE UNIQUE INDEX transactions_import_key ON transactions (account_id, import_key)
        WHERE import_key IS NOT NULL;
      -- Pending → posted matching looks up pending rows by account and amount.
      CREATE INDEX transactions_pending ON transactions (account_id, amount) WHERE status = 'pending';

      CREATE TABLE import_mappings (
        signature TEXT PRIMARY KEY,
        mapping TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE import_batches (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id),
        file_name TEXT NOT NULL,
        format TEXT NOT NULL,
        added INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        pending_matched INTEGER NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
