import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../vault/_testSupport';
import { migrate, schemaVersion, SchemaFromTheFutureError } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';
import { openEncryptedDatabase, type SqlDatabase } from './openDatabase';

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

describe('migration runner', () => {
  it('brings a new database to the newest version and is idempotent', () => {
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(migrate(db)).toBe(MIGRATIONS.length);
  });

  it('refuses a database from a newer Casike', () => {
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(SchemaFromTheFutureError);
  });

  it('rolls a failing step back whole and stops at the last good version', () => {
    const failing: Migration = {
      version: 2,
      name: 'fails halfway',
      up(database) {
        database.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('boom');
      },
    };
    const [first] = MIGRATIONS;
    if (!first) throw new Error('no migrations');
    expect(() => migrate(db, [first, failing])).toThrow('boom');
    expect(schemaVersion(db)).toBe(1);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get(),
    ).toBeUndefined();
  });

  it('refuses a list with a gap in the versions', () => {
    const [first] = MIGRATIONS;
    if (!first) throw new Error('no migrations');
    expect(() => migrate(db, [{ ...first, version: 2 }])).toThrow(/expected 1/);
  });
});
