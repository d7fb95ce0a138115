import { z } from 'zod';
import type { DatabaseConfig } from '../config/env';
import { createDatabase, type Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pgliteDriver';
import { openPostgres } from './postgresDriver';
import { assertAppRoleIsConfined } from './roleCheck';
import type { Driver } from './types';

/*
 * Opens the configured store, brings its schema up to date and checks the app role.
 *
 * Two Postgres set-ups:
 *  - DATABASE_URL only: the owner's connection migrates and serves; every transaction
 *    drops to casike_app (SET LOCAL ROLE). Simple, and what development and PGlite use.
 *  - DATABASE_MIGRATION_URL (owner) + DATABASE_URL (a login for casike_app itself): the
 *    serving connections belong to the confined role from the start, so not even a
 *    `RESET ROLE` slipped into a query could reach the owner's rights. Recommended for
 *    production.
 */

const SessionRole = z.object({ rolsuper: z.boolean(), rolbypassrls: z.boolean() });

async function withMigrated<T>(driver: Driver, then: () => Promise<T>): Promise<T> {
  try {
    await migrate(driver);
    await assertAppRoleIsConfined(driver);
    return await then();
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'pglite') {
    const driver = await openPglite(config.dataDir);
    return withMigrated(driver, () => Promise.resolve(createDatabase(driver)));
  }
  if (config.migrationUrl === undefined) {
    const driver = openPostgres(config.url);
    return withMigrated(driver, () => Promise.resolve(createDatabase(driver)));
  }
  const owner = openPostgres(config.migrationUrl, { max: 1 });
  await withMigrated(owner, () => owner.close());
  const app = openPostgres(config.url);
  try {
    // The serving login itself must be as confined as the role it switches to.
    const { rows } = await app.withClient((c) =>
      c.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = session_user'),
    );
    const role = SessionRole.parse(rows[0]);
    if (role.rolsuper || role.rolbypassrls) {
      throw new Error('DATABASE_URL must log in as a role that cannot bypass row-level security');
    }
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return createDatabase(app);
}
