import type { Migration } from './migration';

/**
 * Expenses and receipts. An expense is an ordinary ledger transaction plus one
 * `expense_details` row (flags, reimbursement, mileage). Receipts hang off any
 * transaction; their bytes live in `receipt_chunks` inside this encrypted database,
 * never in a file. Everything cascades from `transactions`, so deleting the
 * transaction (by any path) deletes its details, receipts, chunks and thumbnails.
 *
 * Version: the next after 0003 in this branch; the file keeps the number issue 5 gave
 * it (0005) and the lead renumbers at merge.
 */
export const migration0006Expenses: Migration = {
  version: 6,
  name: 'expenses',
  up(db) {
    db.exec(`
      CREATE TABLE expense_details (
        transaction_id TEXT PRIMARY KEY REFERENCES transactions (id) ON DELETE CASCADE,
        business INTEGER NOT NULL DEFAULT 0 CHECK (business IN (0, 1)),
        tax_deductible INTEGER NOT NULL DEFAULT 0 CHECK (tax_deductible IN (0, 1)),
        reimbursable INTEGER NOT NULL DEFAULT 0 CHECK (reimbursable IN (0, 1)),
        -- Only a reimbursable expense has a status, and it always has one.
        reimbursement_status TEXT
          CHECK (reimbursement_status IN ('to_submit', 'submitted', 'reimbursed')),
        -- Mileage: distance in hundredths of a unit, rate in thousandths of a minor unit
        -- per unit, so 12.5 mi at $0.655 is (1250, 65500). All three or none.
        mileage_distance INTEGER CHECK (mileage_distance > 0),
        mileage_unit TEXT CHECK (mileage_unit IN ('km', 'mi')),
        mileage_rate INTEGER CHECK (mileage_rate > 0),
        created_at TEXT NOT NULL,
        CHECK ((reimbursable = 1) = (reimbursement_status IS NOT NULL)),
        CHECK ((mileage_distance IS NULL) = (mileage_unit IS NULL)
           AND (mileage_distance IS NULL) = (mileage_rate IS NULL))
      ) STRICT;

      CREATE TABLE receipts (
        id TEXT PRIMARY KEY,
        transaction_id TEXT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,
        media_type TEXT NOT NULL
          CHECK (media_type IN ('image/jpeg', 'image/png', 'image/heic', 'application/pdf')),
        size INTEGER NOT NULL CHECK (size > 0),
        sha256 TEXT NOT NULL,
        chunk_count INTEGER NOT NULL CHECK (chunk_count > 0),
        width INTEGER,
        height INTEGER,
        -- A small JPEG preview, or NULL where none can be made (PDF, HEIC).
        thumbnail BLOB,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX receipts_transaction ON receipts (transaction_id);

      -- The file itself, in pieces, so a 25 MB receipt is never one huge row and can be
      -- streamed out a piece at a time.
      CREATE TABLE receipt_chunks (
        receipt_id TEXT NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        data BLOB NOT NULL,
        PRIMARY KEY (receipt_id, seq)
      ) STRICT;
    `);
  },
};
