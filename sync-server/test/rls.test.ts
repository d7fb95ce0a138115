import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../src/db/database';
import { assertAppRoleIsConfined } from '../src/db/roleCheck';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';

/*
 * Row-level security proven in SQL, below the app's own queries: as casike_app with user
 * B's id set, statements that "forget" their WHERE clause still see none of A's rows,
 * and writes aimed at A's rows change nothing or are refused.
 */

const newUuid = () => randomUUID();

async function seedUser(db: TestDatabase['db'], label: string) {
  const userId = newUuid();
  const sessionId = newUuid();
  const tokenHash = `hash-${label}-${newUuid()}`;
  await db.transaction(
    async (tx) => {
      await tx.query('INSERT INTO users (id, email) VALUES ($1, $2)', [
        userId,
        `${label}-${userId}@example.test`,
      ]);
      await tx.query(
        `INSERT INTO sessions (id, user_id, device_name, expires_at) VALUES ($1, $2, 'laptop', now() + interval '1 day')`,
        [sessionId, userId],
      );
      await tx.query(
        'INSERT INTO refresh_tokens (token_hash, session_id, user_id) VALUES ($1, $2, $3)',
        [tokenHash, sessionId, userId],
      );
      await tx.query(
        `INSERT INTO audit_log (seq, at, user_id, event, details, key_id, prev_hash, hash)
         SELECT seq + 1, now(), $1, 'test', '{}', 'k', hash, $2 FROM audit_head`,
        [userId, `h-${newUuid()}`],
      );
      await tx.query(
        `UPDATE audit_head SET seq = seq + 1, hash = (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)`,
      );
    },
    { userId },
  );
  return { userId, sessionId, tokenHash };
}

const count = async (tx: Tx, sql: string, params: unknown[] = []) => {
  const { rows } = await tx.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM (${sql}) AS q`,
    params,
  );
  return Number(rows[0]?.n);
};

for (const kind of testDrivers()) {
  describe(`row-level security (${kind})`, () => {
    let tdb: TestDatabase;
    let a: Awaited<ReturnType<typeof seedUser>>;
    let b: Awaited<ReturnType<typeof seedUser>>;

    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      a = await seedUser(tdb.db, 'a');
      b = await seedUser(tdb.db, 'b');
      // A pending magic link, which no user id can open.
      await tdb.db.transaction((tx) =>
        tx.query(
          `INSERT INTO magic_links (id, token_hash, email, challenge, device_name, expires_at)
           VALUES ($1, 'link-hash', 'a@example.test', 'c', 'd', now() + interval '15 minutes')`,
          [newUuid()],
        ),
      );
    });
    afterAll(async () => {
      await tdb.close();
    });

    it('runs requests as casike_app, which is not the owner and cannot bypass RLS', async () => {
      const who = await tdb.db.transaction((tx) =>
        tx.query<{ u: string; bypass: boolean }>(
          'SELECT current_user AS u, (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass',
        ),
      );
      expect(who.rows[0]).toEqual({ u: 'casike_app', bypass: false });
      await expect(assertAppRoleIsConfined(tdb.driver)).resolves.toBeUndefined();
    });

    it("user B selecting without a WHERE clause sees only B's rows", async () => {
      await tdb.db.transaction(
        async (tx) => {
          const users = await tx.query<{ id: string }>('SELECT id FROM users');
          expect(users.rows.map((r) => r.id)).toEqual([b.userId]);
          const sessions = await tx.query<{ user_id: string }>('SELECT user_id FROM sessions');
          expect(sessions.rows.map((r) => r.user_id)).toEqual([b.userId]);
          const tokens = await tx.query<{ user_id: string }>('SELECT user_id FROM refresh_tokens');
          expect(tokens.rows.map((r) => r.user_id)).toEqual([b.userId]);
          const audit = await tx.query<{ user_id: string }>('SELECT user_id FROM audit_log');
          expect(audit.rows.map((r) => r.user_id)).toEqual([b.userId]);
          expect(await count(tx, 'SELECT * FROM magic_links')).toBe(0);
          // Joins and aggregates are filtered too.
          expect(
            await count(
              tx,
              'SELECT * FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.id = $1',
              [a.userId],
            ),
          ).toBe(0);
        },
        { userId: b.userId },
      );
    });

    it('with no user set, user-scoped tables look empty', async () => {
      await tdb.db.transaction(async (tx) => {
        for (const table of ['users', 'sessions', 'refresh_tokens', 'magic_links', 'audit_log']) {
          expect(await count(tx, `SELECT * FROM ${table}`)).toBe(0);
        }
      });
    });

    it("B cannot change, delete or forge A's rows", async () => {
      await tdb.db.transaction(
        async (tx) => {
          expect(
            (
              await tx.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1`, [
                a.userId,
              ])
            ).rowCount,
          ).toBe(0);
          expect((await tx.query('DELETE FROM users WHERE id = $1', [a.userId])).rowCount).toBe(0);
          expect((await tx.query('DELETE FROM refresh_tokens')).rowCount).toBe(1); // B's own only
        },
        { userId: b.userId },
      );
      await expect(
        tdb.db.transaction(
          (tx) =>
            tx.query(
              `INSERT INTO sessions (id, user_id, device_name, expires_at) VALUES ($1, $2, 'x', now())`,
              [newUuid(), a.userId],
            ),
          { userId: b.userId },
        ),
      ).rejects.toThrow(/row-level security/);
      const aStill = await tdb.db.transaction((tx) => count(tx, 'SELECT * FROM refresh_tokens'), {
        userId: a.userId,
      });
      expect(aStill).toBe(1);
    });

    it("a secret's hash opens exactly its own row", async () => {
      await tdb.db.transaction(async (tx) => {
        await tx.setCapability('app.token_hash', a.tokenHash);
        const rows = await tx.query<{ user_id: string }>('SELECT user_id FROM refresh_tokens');
        expect(rows.rows.map((r) => r.user_id)).toEqual([a.userId]);
        // It opens no session or account.
        expect(await count(tx, 'SELECT * FROM sessions')).toBe(0);
        expect(await count(tx, 'SELECT * FROM users')).toBe(0);
        await tx.setCapability('app.token_hash', 'link-hash');
        expect(await count(tx, 'SELECT * FROM magic_links')).toBe(1);
      });
    });

    it('the app role cannot switch RLS off or read past it', async () => {
      await expect(
        tdb.db.transaction((tx) => tx.query('ALTER TABLE users DISABLE ROW LEVEL SECURITY')),
      ).rejects.toThrow(/owner/);
      await expect(
        tdb.db.transaction((tx) => tx.query('SET LOCAL row_security = off')),
      ).resolves.toBeDefined();
      // With row_security off, a query that RLS would filter fails instead of bypassing.
      await expect(
        tdb.db.transaction(async (tx) => {
          await tx.query('SET LOCAL row_security = off');
          return tx.query('SELECT * FROM users');
        }),
      ).rejects.toThrow(/row-level security/);
      await expect(
        tdb.db.transaction((tx) => tx.query('SELECT * FROM schema_migrations')),
      ).rejects.toThrow(/permission denied/);
    });

    it('start-up refuses a user table without forced RLS', async () => {
      await tdb.db.__dangerouslyAsOwner((c) =>
        c.exec('ALTER TABLE sessions NO FORCE ROW LEVEL SECURITY'),
      );
      try {
        await expect(assertAppRoleIsConfined(tdb.driver)).rejects.toThrow(
          /sessions must enable and force/,
        );
      } finally {
        await tdb.db.__dangerouslyAsOwner((c) =>
          c.exec('ALTER TABLE sessions FORCE ROW LEVEL SECURITY'),
        );
      }
    });

    if (kind === 'pglite') {
      // Roles are cluster-wide in Postgres; changing one there would disturb parallel test
      // files, so this check runs on the file's private PGlite only.
      it('start-up refuses an app role that can bypass RLS', async () => {
        await tdb.db.__dangerouslyAsOwner((c) => c.exec('ALTER ROLE casike_app BYPASSRLS'));
        try {
          await expect(assertAppRoleIsConfined(tdb.driver)).rejects.toThrow(/bypass/);
        } finally {
          await tdb.db.__dangerouslyAsOwner((c) => c.exec('ALTER ROLE casike_app NOBYPASSRLS'));
        }
      });
    }
  });
}
