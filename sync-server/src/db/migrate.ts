import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Driver, RawClient } from './types';

/*
 * One forward-only migration set for PGlite and Postgres: plain SQL files named
 * `NNNN_name.sql` in ./migrations. Each runs in its own transaction and is stamped in
 * schema_migrations with a checksum. The runner refuses a database that has a migration
 * this build does not know (a newer server wrote it) and a shipped migration whose text
 * changed: a shipped file is never edited, a new file is added instead.
 *
 * Several replicas may start at once: a session-level advisory lock makes them take
 * turns, and each re-reads what is applied once it holds the lock.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any constant will do; it only has to be the same for every replica of this server.
const MIGRATION_LOCK_KEY = 7_300_417_001;

/** The migrations shipped with this build, in order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (match === null) throw new Error(`migration file name must be NNNN_name.sql: ${file}`);
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] ?? file,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 1, 2, 3…; found ${m.version} at ${i + 1}`);
  });
  return migrations;
}

const AppliedRow = z.object({
  version: z.coerce.number().int(),
  checksum: z.string(),
});

async function applied(client: RawClient): Promise<Map<number, string>> {
  const { rows } = await client.query(
    'SELECT version, checksum FROM schema_migrations ORDER BY version',
  );
  return new Map(rows.map((r) => AppliedRow.parse(r)).map((r) => [r.version, r.checksum]));
}

export interface MigrateResult {
  applied: number[];
  current: number;
}

/** Brings the database up to this build's schema. Runs as the owner. */
export async function migrate(
  driver: Driver,
  migrations: Migration[] = loadMigrations(),
): Promise<MigrateResult> {
  return driver.withClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = await applied(client);
      const known = new Map(migrations.map((m) => [m.version, m]));
      for (const [version, checksum] of done) {
        const mine = known.get(version);
        if (mine === undefined) {
          throw new Error(
            `database has migration ${version}, which this server does not know: it was written by a newer version`,
          );
        }
        if (mine.checksum !== checksum) {
          throw new Error(
            `migration ${version} (${mine.name}) changed after it was applied; add a new migration instead`,
          );
        }
      }
      const ran: number[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.exec('BEGIN');
        try {
          await client.exec(m.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
            [m.version, m.name, m.checksum],
          );
          await client.exec('COMMIT');
        } catch (error) {
          await client.exec('ROLLBACK').catch(() => undefined);
          throw new Error(
            `migration ${m.version} (${m.name}) failed: ${(error as Error).message}`,
            { cause: error },
          );
        }
        ran.push(m.version);
      }
      return { applied: ran, current: migrations.at(-1)?.version ?? 0 };
    } finally {
      await client
        .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
        .catch(() => undefined);
    }
  });
}
