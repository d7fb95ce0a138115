import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { openPglite } from '../../src/db/pgliteDriver';
import { openPostgres } from '../../src/db/postgresDriver';
import { assertAppRoleIsConfined } from '../../src/db/roleCheck';
import type { Driver } from '../../src/db/types';

/*
 * Every database test runs against embedded PGlite and, when DATABASE_URL is set (CI sets
 * it, see scripts/test-postgres.sh), against a real Postgres too. Each test file gets a
 * database of its own: a fresh in-memory PGlite, or a throwaway database created in the
 * DATABASE_URL server and dropped afterwards.
 */

export type DriverKind = 'pglite' | 'postgres';

/** The drivers to run against in this environment. */
export function testDrivers(): DriverKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  kind: DriverKind;
  driver: Driver;
  db: Database;
  /** The connection URL of a Postgres test database (undefined for PGlite). */
  url: string | undefined;
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url === undefined) throw new Error('DATABASE_URL is not set');
  return url;
}

/** Creates an empty database in the DATABASE_URL server; returns its URL and a dropper. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `casike_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** An empty database of this kind, not yet migrated. */
export async function openEmpty(
  kind: DriverKind,
): Promise<{ driver: Driver; url: string | undefined; close: () => Promise<void> }> {
  if (kind === 'pglite') {
    const driver = await openPglite(null);
    return { driver, url: undefined, close: () => driver.close() };
  }
  const scratch = await createScratchPostgres();
  const driver = openPostgres(scratch.url, { max: 5 });
  return {
    driver,
    url: scratch.url,
    async close() {
      await driver.close();
      await scratch.drop();
    },
  };
}

/** A migrated database of this kind, checked like the server checks it at start-up. */
export async function openTestDatabase(kind: DriverKind): Promise<TestDatabase> {
  const empty = await openEmpty(kind);
  await migrate(empty.driver);
  await assertAppRoleIsConfined(empty.driver);
  return {
    kind,
    driver: empty.driver,
    db: createDatabase(empty.driver),
    url: empty.url,
    close: empty.close,
  };
}
