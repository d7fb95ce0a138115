import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { openDatabase } from '../src/db/open';
import { createScratchPostgres } from './_support/databases';

/*
 * The production set-up (Postgres only): migrations through the owner's connection
 * (DATABASE_MIGRATION_URL), requests through a login of casike_app itself (DATABASE_URL).
 * Such a connection has no other role to fall back to: even `RESET ROLE` inside a
 * request's transaction stays confined by row-level security.
 */

describe.skipIf(process.env.DATABASE_URL === undefined)(
  'casike_app as the login role (postgres)',
  () => {
    let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
    let db: Database;
    const userA = randomUUID();
    const userB = randomUUID();

    beforeAll(async () => {
      scratch = await createScratchPostgres();
      // Migrate once so the role exists, then let it log in (the throwaway cluster trusts
      // loopback; a real deployment gives it a password).
      const owner = new pg.Client({ connectionString: scratch.url });
      await owner.connect();
      await owner.end();
      const first = await openDatabase({
        kind: 'postgres',
        url: scratch.url,
        migrationUrl: undefined,
      });
      await first.close();
      const admin = new pg.Client({ connectionString: scratch.url });
      await admin.connect();
      await admin.query('ALTER ROLE casike_app LOGIN');
      await admin.end();

      const appUrl = new URL(scratch.url);
      appUrl.username = 'casike_app';
      db = await openDatabase({
        kind: 'postgres',
        url: appUrl.toString(),
        migrationUrl: scratch.url,
      });
      await db.transaction(
        (tx) =>
          tx.query(`INSERT INTO users (id, email) VALUES ($1, 'a-login@example.test')`, [userA]),
        {
          userId: userA,
        },
      );
    });
    afterAll(async () => {
      await db.close();
      await scratch.drop();
    });

    it('serves as casike_app, and RESET ROLE cannot leave it', async () => {
      const seen = await db.transaction(
        async (tx) => {
          await tx.query('RESET ROLE');
          const who = await tx.query<{ u: string }>('SELECT current_user AS u');
          const users = await tx.query('SELECT * FROM users');
          return { user: who.rows[0]?.u, users: users.rows.length };
        },
        { userId: userB },
      );
      expect(seen).toEqual({ user: 'casike_app', users: 0 });
    });

    it('cannot change the schema', async () => {
      await expect(
        db.transaction((tx) => tx.query('CREATE TABLE sneaky (id int)')),
      ).rejects.toThrow(/permission denied/);
      await expect(db.transaction((tx) => tx.query('DROP TABLE audit_log'))).rejects.toThrow(
        /owner/,
      );
    });

    it('refuses to serve through a login that can bypass RLS', async () => {
      await expect(
        openDatabase({ kind: 'postgres', url: scratch.url, migrationUrl: scratch.url }),
      ).rejects.toThrow(/cannot bypass row-level security/);
    });
  },
);
