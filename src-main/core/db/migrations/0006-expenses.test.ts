import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { _tempDataDir } from '../../vault/_testSupport';
import { migrate, schemaVersion } from '../migrate';
import { openEncryptedDatabase, type SqlDatabase } from '../openDatabase';
import { MIGRATIONS } from './index';
import { migration0006Expenses } from './0006-expenses';

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

const NOW = '2026-11-22T00:00:00.000Z';
const TX = '01900000-0000-7000-8000-000000000001';

it('adds expense details and chunked receipts to an existing ledger, cascading from transactions', () => {
  const before = MIGRATIONS.indexOf(migration0006Expenses);
  migrate(db, MIGRATIONS.slice(0, before));
  // A ledger as the previous schema left it, with one transaction.
  db.prepare(
    "INSERT INTO accounts (id, name, type, currency, created_at) VALUES ('a', 'Checking', 'checking', 'USD', ?)",
  ).run(NOW);
  db.prepare(
    `INSERT INTO transactions (rowid, id, account_id, date, amount, created_at, updated_at)
     VALUES (1, ?, 'a', '2026-11-01', -500, ?, ?)`,
  ).run(TX, NOW, NOW);

  migrate(db, MIGRATIONS.slice(0, before + 1));
  expect(schemaVersion(db)).toBe(migration0006Expenses.version);

  const details = db.prepare(
    `INSERT INTO expense_details (transaction_id, reimbursable, reimbursement_status,
       mileage_distance, mileage_unit, mileage_rate, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // The table's rules hold whatever code writes: a status only when reimbursable, all
  // mileage fields or none, known values only.
  expect(() => details.run(TX, 0, 'submitted', null, null, null, NOW)).toThrow(/CHECK/);
  expect(() => details.run(TX, 1, null, null, null, null, NOW)).toThrow(/CHECK/);
  expect(() => details.run(TX, 1, 'paid', null, null, null, NOW)).toThrow(/CHECK/);
  expect(() => details.run(TX, 0, null, 100, null, 70_000, NOW)).toThrow(/CHECK/);
  expect(() => details.run(TX, 0, null, 100, 'yd', 70_000, NOW)).toThrow(/CHECK/);
  expect(() =>
    details.run('01900000-0000-7000-8000-00000000ffff', 0, null, null, null, null, NOW),
  ).toThrow(/FOREIGN KEY/);
  details.run(TX, 1, 'to_submit', 1250, 'mi', 65_500, NOW);

  db.prepare(
    `INSERT INTO receipts (id, transaction_id, file_name, media_type, size, sha256, chunk_count, created_at)
     VALUES ('r', ?, 'a.pdf', 'application/pdf', 3, 'h', 1, ?)`,
  ).run(TX, NOW);
  expect(() =>
    db
      .prepare(
        `INSERT INTO receipts (id, transaction_id, file_name, media_type, size, sha256, chunk_count, created_at)
         VALUES ('s', ?, 'a.html', 'text/html', 3, 'h', 1, ?)`,
      )
      .run(TX, NOW),
  ).toThrow(/CHECK/);
  db.prepare("INSERT INTO receipt_chunks (receipt_id, seq, data) VALUES ('r', 0, x'010203')").run();

  db.prepare('DELETE FROM transactions WHERE id = ?').run(TX);
  const left = ['expense_details', 'receipts', 'receipt_chunks'].map(
    (table) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
  );
  expect(left).toEqual([0, 0, 0]);
});
