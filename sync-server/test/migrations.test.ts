import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../src/db/migrate';
import { openEmpty, testDrivers } from './_support/databases';

/* The migration runner: one SQL set for both stores, forward-only, transactional. */

const tempDirs: string[] = [];
function migrationDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casike-migrations-'));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('migration files', () => {
  it('are numbered 1, 2, 3… with NNNN_name.sql names', () => {
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
    expect(() => loadMigrations(migrationDir({ '0001_a.sql': '', '0003_c.sql': '' }))).toThrow(
      /numbered/,
    );
    expect(() => loadMigrations(migrationDir({ 'first.sql': '' }))).toThrow(/NNNN_name/);
  });
});

for (const kind of testDrivers()) {
  describe(`migrations (${kind})`, () => {
    it('apply to an empty database, then do nothing the second time', async () => {
      const db = await openEmpty(kind);
      try {
        const first = await migrate(db.driver);
        expect(first.applied).toEqual(loadMigrations().map((m) => m.version));
        const second = await migrate(db.driver);
        expect(second.applied).toEqual([]);
        const stamped = await db.driver.withClient((c) =>
          c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version'),
        );
        expect(stamped.rows.map((r) => Number(r.version))).toEqual(first.applied);
      } finally {
        await db.close();
      }
    });

    it('refuse a database from a newer server and an edited shipped migration', async () => {
      const db = await openEmpty(kind);
      try {
        const v1 = migrationDir({ '0001_t.sql': 'CREATE TABLE t (id integer);' });
        await migrate(db.driver, loadMigrations(v1));
        const edited = migrationDir({ '0001_t.sql': 'CREATE TABLE t (id bigint);' });
        await expect(migrate(db.driver, loadMigrations(edited))).rejects.toThrow(
          /changed after it was applied/,
        );
        const v2 = migrationDir({
          '0001_t.sql': 'CREATE TABLE t (id integer);',
          '0002_u.sql': 'CREATE TABLE u (id integer);',
        });
        await migrate(db.driver, loadMigrations(v2));
        await expect(migrate(db.driver, loadMigrations(v1))).rejects.toThrow(/newer version/);
      } finally {
        await db.close();
      }
    });

    it('roll a failing migration back completely', async () => {
      const db = await openEmpty(kind);
      try {
        const dir = migrationDir({
          '0001_ok.sql': 'CREATE TABLE ok (id integer);',
          '0002_bad.sql': 'CREATE TABLE half (id integer); SELECT * FROM missing_table;',
        });
        await expect(migrate(db.driver, loadMigrations(dir))).rejects.toThrow(
          /migration 2 \(bad\) failed/,
        );
        const tables = await db.driver.withClient((c) =>
          c.query<{ t: string | null; h: string | null }>(
            "SELECT to_regclass('ok')::text AS t, to_regclass('half')::text AS h",
          ),
        );
        expect(tables.rows[0]).toEqual({ t: 'ok', h: null });
        const stamped = await db.driver.withClient((c) =>
          c.query('SELECT version FROM schema_migrations'),
        );
        expect(stamped.rows).toHaveLength(1);
      } finally {
        await db.close();
      }
    });

    if (kind === 'postgres') {
      it('let several replicas start at once: one applies, the others wait and find it done', async () => {
        const { openPostgres } = await import('../src/db/postgresDriver');
        const db = await openEmpty(kind);
        const others = [0, 1, 2].map(() => openPostgres(db.url ?? '', { max: 1 }));
        try {
          const results = await Promise.all(others.map((d) => migrate(d)));
          const applied = results.flatMap((r) => r.applied);
          expect(applied.sort()).toEqual(loadMigrations().map((m) => m.version));
        } finally {
          for (const d of others) await d.close();
          await db.close();
        }
      });
    }
  });
}
