import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { _tempDataDir } from '../../vault/_testSupport';
import { migrate, schemaVersion } from '../migrate';
import { openEncryptedDatabase, type SqlDatabase } from '../openDatabase';
import { migration0005Invoices } from './0005-invoices';
import { MIGRATIONS } from './index';

// The migrations before this one and up to it, whatever their final numbers.
const upTo = MIGRATIONS.indexOf(migration0005Invoices);
const before = MIGRATIONS.slice(0, upTo);
const through = MIGRATIONS.slice(0, upTo + 1);

let db: SqlDatabase;
let cleanup: () => void;

beforeEach(() => {
  const temp = _tempDataDir();
  cleanup = temp.cleanup;
  db = openEncryptedDatabase(join(temp.dir, 'test.db'), randomBytes(32), { create: true });
});
afterEach(() => {
  db.close();
  cleanup();
});

it('adds the invoice tables to a ledger vault, with the counter at 1 and the number guards', () => {
  migrate(db, before);
  db.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
  migrate(db, through);
  expect(schemaVersion(db)).toBe(migration0005Invoices.version);
  expect(db.prepare("SELECT value FROM settings WHERE key = 'kept'").pluck().get()).toBe('yes');
  expect(db.prepare('SELECT prefix, width, next_value FROM invoice_numbering').all()).toEqual([
    { prefix: 'INV-', width: 4, next_value: 1 },
  ]);
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name")
    .pluck()
    .all();
  expect(names).toEqual(
    expect.arrayContaining([
      'invoice_clients',
      'invoice_lines',
      'invoice_numbering',
      'invoice_payments',
      'invoices',
      'invoices_number_fixed',
      'invoices_numbered_kept',
      'invoice_numbering_forward',
    ]),
  );
  // A draft must have no number and an issued invoice must have one.
  db.prepare(
    "INSERT INTO invoice_clients (id, name, created_at) VALUES ('c', 'Client', '2026-01-01')",
  ).run();
  expect(() =>
    db
      .prepare(
        `INSERT INTO invoices (id, number, client_id, status, currency, subtotal, discount_total, tax_total, total, created_at, updated_at)
         VALUES ('i', 'INV-0001', 'c', 'draft', 'EUR', 0, 0, 0, 0, 'x', 'x')`,
      )
      .run(),
  ).toThrow(/CHECK/);
});
