import type { Migration } from './migration';

/**
 * Clients and invoices (issue 5). Numbers are what the tax office checks, so the
 * database itself keeps them honest:
 * - `invoice_numbering` is the one counter. Issuing an invoice reads it, stamps the
 *   number on the invoice and advances it in the same SQLite transaction, so a crash
 *   either keeps all three or none: no gap, no duplicate.
 * - triggers refuse to change or clear a number once given, and to delete a numbered
 *   invoice (void it instead), so a number is never reused or lost.
 * - the counter never moves backwards.
 * Totals are stored (computed by core/invoices/invoiceTotals.ts when the lines are
 * written) so lists and metrics never recompute every invoice.
 *
 * Provisional file number 0006 (issue 5 plan); registered after 0003 on this branch.
 */
export const migration0005Invoices: Migration = {
  version: 5,
  name: 'invoices',
  up(db) {
    db.exec(`
      CREATE TABLE invoice_clients (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        email TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        tax_id TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE invoice_numbering (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        prefix TEXT NOT NULL,
        width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 12),
        next_value INTEGER NOT NULL CHECK (next_value >= 1)
      ) STRICT;
      INSERT INTO invoice_numbering (id, prefix, width, next_value) VALUES (1, 'INV-', 4, 1);

      CREATE TRIGGER invoice_numbering_forward BEFORE UPDATE OF next_value ON invoice_numbering
      WHEN NEW.next_value < OLD.next_value
      BEGIN SELECT RAISE(ABORT, 'the invoice counter never moves back'); END;

      CREATE TABLE invoices (
        id TEXT PRIMARY KEY,
        number TEXT UNIQUE,
        client_id TEXT NOT NULL REFERENCES invoice_clients (id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'partially_paid', 'paid', 'void')),
        currency TEXT NOT NULL,
        issue_date TEXT,
        due_date TEXT,
        payment_terms TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        discount TEXT,
        subtotal INTEGER NOT NULL,
        discount_total INTEGER NOT NULL,
        tax_total INTEGER NOT NULL,
        total INTEGER NOT NULL,
        paid_total INTEGER NOT NULL DEFAULT 0,
        paid_date TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((status = 'draft') = (number IS NULL)),
        CHECK (paid_total BETWEEN 0 AND total)
      ) STRICT;
      CREATE INDEX invoices_client ON invoices (client_id);
      CREATE INDEX invoices_status_due ON invoices (status, due_date);

      CREATE TRIGGER invoices_number_fixed BEFORE UPDATE OF number ON invoices
      WHEN OLD.number IS NOT NULL AND (NEW.number IS NULL OR NEW.number != OLD.number)
      BEGIN SELECT RAISE(ABORT, 'an invoice number never changes'); END;

      CREATE TRIGGER invoices_numbered_kept BEFORE DELETE ON invoices
      WHEN OLD.number IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'an issued invoice cannot be deleted; void it'); END;

      CREATE TABLE invoice_lines (
        invoice_id TEXT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        description TEXT NOT NULL,
        quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
        unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
        tax_rate_bp INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
        discount_bp INTEGER NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
        PRIMARY KEY (invoice_id, position)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE invoice_payments (
        id TEXT PRIMARY KEY,
        invoice_id TEXT NOT NULL REFERENCES invoices (id),
        date TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        transaction_id TEXT REFERENCES transactions (id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id);
      CREATE INDEX invoice_payments_date ON invoice_payments (date);
      CREATE UNIQUE INDEX invoice_payments_transaction ON invoice_payments (transaction_id)
        WHERE transaction_id IS NOT NULL;
    `);
  },
};
