import type { DatabaseConfig } from '../config/env';
import { createDatabase, type Database } from './database';
import { migrate } from './migrate';
import { openPglite } from './pgliteDriver';
import { openPostgres } from './postgresDriver';
import { assertAppRoleIsConfined } from './roleCheck';
import type { Driver } from './types';

/** Opens the configured store, brings its schema up to date and checks the app role. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const driver: Driver =
    config.kind === 'postgres' ? openPostgres(config.url) : await openPglite(config.dataDir);
  try {
    await migrate(driver);
    await assertAppRoleIsConfined(driver);
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
  return createDatabase(driver);
}
