import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../src/auth/accessTokens';
import { KeyRingSchema } from '../src/config/keyRing';
import { ephemeralDevKeyRing } from '../src/config/devSecrets';
import {
  bearer,
  buildTestApp,
  signIn,
  uniqueEmail,
  type TestApp,
  type Tokens,
} from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';

/* Access tokens, refresh-token rotation with reuse detection, idle timeout, sign-out. */

for (const kind of testDrivers()) {
  describe(`sessions and tokens (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db);
    });
    afterAll(async () => {
      await t.app.close();
      await tdb.close();
    });

    const refresh = (refreshToken: string) =>
      t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
    const me = (accessToken: string) =>
      t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(accessToken) });
    const auditEvents = async (userId: string) =>
      (
        await tdb.db.transaction(
          (tx) => tx.query<{ event: string }>('SELECT event FROM audit_log ORDER BY seq'),
          { userId },
        )
      ).rows.map((r) => r.event);

    it('rotates the refresh token on every use', async () => {
      const first = await signIn(t);
      const r1 = await refresh(first.refreshToken);
      expect(r1.statusCode).toBe(200);
      const second = r1.json<Tokens>();
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.sessionId).toBe(first.sessionId);
      expect((await me(second.accessToken)).statusCode).toBe(200);
      expect((await refresh(second.refreshToken)).statusCode).toBe(200);
    });

    it('a reused refresh token revokes the whole family and is audited', async () => {
      const first = await signIn(t);
      const rotated = (await refresh(first.refreshToken)).json<Tokens>();
      const reuse = await refresh(first.refreshToken);
      expect(reuse.statusCode).toBe(401);
      expect(reuse.json()).toMatchObject({ error: { code: 'invalid_refresh_token' } });
      // The legitimate holder's newer token and access token die with the family.
      expect((await refresh(rotated.refreshToken)).statusCode).toBe(401);
      const denied = await me(rotated.accessToken);
      expect(denied.statusCode).toBe(401);
      expect(denied.json()).toMatchObject({ error: { code: 'session_ended' } });
      expect(await auditEvents(first.userId)).toContain('token.reuse_detected');
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/casike_refresh_token_reuse_total [1-9]/);
    });

    it('rejects unknown and malformed refresh tokens', async () => {
      expect((await refresh(`crt_${'x'.repeat(43)}`)).statusCode).toBe(401);
      expect((await refresh('not-a-token')).statusCode).toBe(401);
    });

    it('access tokens expire after their lifetime', async () => {
      const tokens = await signIn(t);
      t.clock.advance(t.config.auth.accessTokenTtlSeconds + 1);
      const res = await me(tokens.accessToken);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'token_expired' } });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      // The refresh token still works: that is what it is for.
      expect((await refresh(tokens.refreshToken)).statusCode).toBe(200);
    });

    it('a session unused past the idle timeout is over', async () => {
      const tokens = await signIn(t);
      t.clock.advance(t.config.auth.sessionIdleSeconds + 60);
      expect((await refresh(tokens.refreshToken)).statusCode).toBe(401);
      // Even moving back into the window does not revive it: the session was revoked as idle.
      const state = await tdb.db.transaction(
        (tx) =>
          tx.query<{ revoked_reason: string }>(
            'SELECT revoked_reason FROM sessions WHERE id = $1',
            [tokens.sessionId],
          ),
        { userId: tokens.userId },
      );
      expect(state.rows[0]?.revoked_reason).toBe('idle');
    });

    it('refuses forged, tampered and foreign-key tokens, and audits them', async () => {
      const tokens = await signIn(t);
      const [h, p, s] = tokens.accessToken.split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '0190b6e4-5c3a-7d2e-9f41-6a2b3c4d5e6f' })).toString('base64url')}.${s}`;
      const foreignRing = KeyRingSchema.parse(
        ephemeralDevKeyRing().replace('test1', t.config.keyRing.keys[0]?.id ?? 'x'),
      );
      const foreign = issueAccessToken(
        foreignRing,
        t.config.publicUrl.origin,
        { userId: tokens.userId, sessionId: tokens.sessionId },
        Math.floor(t.clock.now.getTime() / 1000),
        600,
      ).token;
      const none = `${Buffer.from('{"alg":"none","typ":"JWT","kid":"test1"}').toString('base64url')}.${p}.`;
      for (const bad of [tampered, foreign, none, 'garbage']) {
        const res = await me(bad);
        expect(res.statusCode).toBe(401);
      }
      expect((await t.app.inject({ method: 'GET', url: '/v1/me' })).statusCode).toBe(401);
      const denied = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ n: string | number }>(
          "SELECT count(*) AS n FROM audit_log WHERE event = 'access.denied'",
        ),
      );
      expect(Number(denied.rows[0]?.n)).toBeGreaterThanOrEqual(2);
    });

    it('sign-out ends this session at once, and only this one', async () => {
      const email = uniqueEmail();
      const laptop = await signIn(t, email);
      const phone = await signIn(t, email);
      const out = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-out',
        headers: bearer(laptop.accessToken),
      });
      expect(out.statusCode).toBe(200);
      expect(out.json()).toEqual({ status: 'signed_out', sessionsRevoked: 1 });
      expect((await me(laptop.accessToken)).statusCode).toBe(401);
      expect((await refresh(laptop.refreshToken)).statusCode).toBe(401);
      expect((await me(phone.accessToken)).statusCode).toBe(200);
    });

    it("sign-out-everywhere ends every session of the account and no one else's", async () => {
      const email = uniqueEmail();
      const laptop = await signIn(t, email);
      const phone = await signIn(t, email);
      const stranger = await signIn(t);
      const out = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-out-everywhere',
        headers: bearer(phone.accessToken),
      });
      expect(out.json()).toEqual({ status: 'signed_out', sessionsRevoked: 2 });
      expect((await me(laptop.accessToken)).statusCode).toBe(401);
      expect((await me(phone.accessToken)).statusCode).toBe(401);
      expect((await refresh(laptop.refreshToken)).statusCode).toBe(401);
      expect((await me(stranger.accessToken)).statusCode).toBe(200);
      expect(await auditEvents(laptop.userId)).toContain('session.signed_out_everywhere');
    });

    it('tokens signed before a key rotation keep working; after the old key is dropped they do not', async () => {
      const tokens = await signIn(t);
      const oldRing = t.config.keyRing;
      const newKey = KeyRingSchema.parse(ephemeralDevKeyRing().replace('test1', 'rotated')).keys;
      t.config.keyRing = { keys: [...newKey, ...oldRing.keys] };
      try {
        expect((await me(tokens.accessToken)).statusCode).toBe(200);
        t.config.keyRing = { keys: newKey };
        expect((await me(tokens.accessToken)).statusCode).toBe(401);
      } finally {
        t.config.keyRing = oldRing;
      }
    });
  });
}
