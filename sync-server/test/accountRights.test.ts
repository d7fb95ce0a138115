import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SCOPED_TABLES } from '../src/db/roleCheck';
import {
  bearer,
  buildTestApp,
  signIn,
  uniqueEmail,
  type TestApp,
  type Tokens,
} from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import { enrolTotp, totpCode } from './_support/mfa';

/* GET /v1/account/export and DELETE /v1/account, with the hooks other areas plug into. */

for (const kind of testDrivers()) {
  describe(`account export and deletion (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    const hookCalls: { userId: string; sawOwnRow: boolean }[] = [];
    let failHook = false;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db);
      t.app.accountHooks.onExport({
        name: 'backups',
        collect: () => Promise.resolve([{ id: 'b1', bytes: 42 }]),
      });
      t.app.accountHooks.onDelete({
        name: 'test-plaid-items',
        async run({ tx, userId }) {
          if (failHook) throw new Error('provider down');
          const { rows } = await tx.query('SELECT id FROM users WHERE id = app_user_id()');
          hookCalls.push({ userId, sawOwnRow: rows.length === 1 });
        },
      });
    });
    afterAll(async () => {
      await t.app.close();
      await tdb.close();
    });

    const rowsOf = (userId: string) =>
      tdb.db.__dangerouslyAsOwner(async (c) => {
        const counts: Record<string, number> = {};
        for (const table of USER_SCOPED_TABLES) {
          if (table === 'magic_links' || table === 'oidc_flows') continue;
          const column = table === 'users' ? 'id' : 'user_id';
          const r = await c.query<{ n: string | number }>(
            `SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`,
            [userId],
          );
          counts[table] = Number(r.rows[0]?.n);
        }
        return counts;
      });

    const del = (tokens: Tokens, payload: object) =>
      t.app.inject({
        method: 'DELETE',
        url: '/v1/account',
        headers: bearer(tokens.accessToken),
        payload,
      });

    it('exports everything held about the user, and no secret', async () => {
      const { tokens, email, secret } = await enrolTotp(t);
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/account/export',
        headers: bearer(tokens.accessToken),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="casike-account-/);
      const body = res.json<{ format: string; sections: Record<string, unknown> }>();
      expect(body.format).toBe('casike-account-export-v1');
      expect(body.sections.account).toMatchObject({ id: tokens.userId, email });
      expect(body.sections.sessions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: tokens.sessionId, deviceName: 'Test laptop' }),
        ]),
      );
      expect(body.sections.mfa).toMatchObject({ recoveryCodes: { unused: 10, used: 0 } });
      expect(body.sections.backups).toEqual([{ id: 'b1', bytes: 42 }]);
      const log = body.sections.securityLog as { event: string }[];
      expect(log.map((e) => e.event)).toEqual(
        expect.arrayContaining(['account.created', 'sign_in.succeeded', 'mfa.enabled']),
      );
      const text = res.body;
      expect(text).not.toContain(secret);
      expect(text).not.toContain(tokens.refreshToken);
      const stored = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ token_hash: string }>(
          'SELECT token_hash FROM refresh_tokens WHERE user_id = $1',
          [tokens.userId],
        ),
      );
      for (const r of stored.rows) expect(text).not.toContain(r.token_hash);
      // Only the caller's own data.
      const other = await signIn(t);
      expect(text).not.toContain(other.userId);
    });

    it('deletes the account: confirmation, second factor, hooks, every row, sessions dead', async () => {
      const { tokens, email, secret } = await enrolTotp(t);
      const bystander = await signIn(t);
      expect(
        (await del(tokens, { confirmEmail: 'someone@else.test', code: totpCode(t, secret) }))
          .statusCode,
      ).toBe(400);
      const noCode = await del(tokens, { confirmEmail: email });
      expect(noCode.statusCode).toBe(400);
      expect(noCode.json()).toMatchObject({ error: { code: 'invalid_code' } });
      // A failing hook aborts: nothing is deleted.
      failHook = true;
      expect(
        (await del(tokens, { confirmEmail: email, code: totpCode(t, secret) })).statusCode,
      ).toBe(500);
      failHook = false;
      expect((await rowsOf(tokens.userId)).users).toBe(1);
      t.clock.advance(30);

      const res = await del(tokens, {
        confirmEmail: email.toUpperCase(),
        code: totpCode(t, secret),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'deleted', sessionsRevoked: 1 });
      expect(hookCalls).toContainEqual({ userId: tokens.userId, sawOwnRow: true });
      const left = await rowsOf(tokens.userId);
      expect(Object.values(left).every((n) => n === 0)).toBe(true);
      expect(
        (await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(tokens.accessToken) }))
          .statusCode,
      ).toBe(401);
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/v1/auth/refresh',
            payload: { refreshToken: tokens.refreshToken },
          })
        ).statusCode,
      ).toBe(401);
      // Someone else is untouched.
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: '/v1/me',
            headers: bearer(bystander.accessToken),
          })
        ).statusCode,
      ).toBe(200);
      const audit = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ details: string }>(
          "SELECT details FROM audit_log WHERE event = 'account.deleted' AND user_id = $1",
          [tokens.userId],
        ),
      );
      expect(audit.rows[0]?.details).toContain('test-plaid-items');
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/casike_account_deletions_total [1-9]/);
      // The address can sign up again as a new, empty account.
      const again = await signIn(t, email);
      expect(again.userId).not.toBe(tokens.userId);
    });

    it('an account without MFA deletes with the confirmation alone', async () => {
      const email = uniqueEmail();
      const tokens = await signIn(t, email);
      expect((await del(tokens, { confirmEmail: email })).statusCode).toBe(200);
    });
  });
}
