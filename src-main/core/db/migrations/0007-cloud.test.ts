import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { _tempDataDir } from '../../vault/_testSupport';
import { migrate, schemaVersion } from '../migrate';
import { openEncryptedDatabase, type SqlDatabase } from '../openDatabase';
import { MIGRATIONS } from './index';
import { migration0007Cloud } from './0007-cloud';

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

it('0007-cloud adds the strict, single-row cloud tables to a vault of the previous version', () => {
  const before = MIGRATIONS.filter((m) => m.version < migration0007Cloud.version);
  migrate(db, before);
  expect(schemaVersion(db)).toBe(migration0007Cloud.version - 1);
  migrate(db);
  expect(schemaVersion(db)).toBe(MIGRATIONS.length);
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'cloud_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
  expect(tables).toEqual([
    'cloud_backup_state',
    'cloud_outgoing_backup',
    'cloud_pending_sign_in',
    'cloud_session',
  ]);
  // One session per vault, and STRICT refuses a wrong type.
  const insert = db.prepare(
    `INSERT INTO cloud_session VALUES (?, 'https://a', 'e', 'u', 's', 'crt_x', 'at', 'x', 'y')`,
  );
  insert.run(1);
  expect(() => insert.run(2)).toThrow(/CHECK/);
  expect(() =>
    db.prepare("INSERT INTO cloud_backup_state VALUES (1, 'many', NULL)").run(),
  ).toThrow();
});
