import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { _tempDataDir } from '../../vault/_testSupport';
import { migrate, schemaVersion } from '../migrate';
import { openEncryptedDatabase, type SqlDatabase } from '../openDatabase';
import { migration0001 } from './0001-initial';

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

it('0001 creates strict settings and audit tables with append-only triggers', () => {
  migrate(db, [migration0001]);
  expect(schemaVersion(db)).toBe(1);
  const objects = db
    .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  expect(objects).toEqual([
    { type: 'table', name: 'audit_log' },
    { type: 'trigger', name: 'audit_log_no_delete' },
    { type: 'trigger', name: 'audit_log_no_update' },
    { type: 'table', name: 'settings' },
  ]);
  // STRICT: a value of the wrong type is refused rather than coerced.
  expect(() =>
    db.prepare("INSERT INTO audit_log VALUES ('x', 'a', 'b', 'c', x'00')").run(),
  ).toThrow();
});
