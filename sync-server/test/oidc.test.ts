import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, pkcePair, signIn, type TestApp, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import { startFakeOidc, type FakeOidc } from './_support/fakeOidc';
import { enrolTotp, totpCode } from './_support/mfa';

/*
 * OIDC sign-in end to end against a real provider (oidc-provider 9) on 127.0.0.1: the
 * device starts, the "browser" walks the provider's pages back to the loopback redirect,
 * the device completes with its PKCE verifier.
 */

for (const kind of testDrivers()) {
  describe(`OIDC sign-in (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    let idp: FakeOidc;
    const redirectUri = 'http://127.0.0.1:43123/callback';
    beforeAll(async () => {
      idp = await startFakeOidc();
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db, (config) => {
        config.oidc = {
          issuer: idp.issuer,
          clientId: idp.clientId,
          clientSecret: idp.clientSecret,
        };
      });
    });
    afterAll(async () => {
      await t.app.close();
      await tdb.close();
      await idp.close();
    });

    // The provider checks token times against the real clock, so this file's app clock is
    // left alone except where noted.
    async function start(pkce = pkcePair(), uri = redirectUri) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/oidc/start',
        payload: {
          redirectUri: uri,
          codeChallenge: pkce.challenge,
          codeChallengeMethod: 'S256',
          deviceName: 'OIDC laptop',
        },
      });
      return { res, pkce };
    }
    const complete = (callbackUrl: string, codeVerifier: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/auth/oidc/complete',
        payload: { callbackUrl, codeVerifier },
      });

    async function fullSignIn(account: { sub: string; email: string; emailVerified?: boolean }) {
      idp.nextAccount = { emailVerified: true, ...account };
      const { res, pkce } = await start();
      expect(res.statusCode).toBe(200);
      const { authorizationUrl } = res.json<{ authorizationUrl: string }>();
      const back = await idp.browse(authorizationUrl, redirectUri);
      return { back, pkce, res: await complete(back, pkce.verifier) };
    }

    it('signs in (and up) through the provider with PKCE, and again into the same account', async () => {
      const { res } = await fullSignIn({ sub: 'ann', email: 'Ann@Example.test' });
      expect(res.statusCode).toBe(200);
      const tokens = res.json<Tokens>();
      const me = await t.app.inject({
        method: 'GET',
        url: '/v1/me',
        headers: bearer(tokens.accessToken),
      });
      expect(me.json()).toMatchObject({
        user: { email: 'ann@example.test' },
        session: { deviceName: 'OIDC laptop' },
      });
      const again = (
        await fullSignIn({ sub: 'ann', email: 'ann@example.test' })
      ).res.json<Tokens>();
      expect(again.userId).toBe(tokens.userId);
      // A magic link to the same address reaches the same account.
      expect((await signIn(t, 'ann@example.test')).userId).toBe(tokens.userId);
    });

    it('completes through the casike:// redirect too', async () => {
      idp.nextAccount = { sub: 'gina', email: 'gina@example.test', emailVerified: true };
      const appRedirect = 'casike://auth/oidc';
      const { res, pkce } = await start(pkcePair(), appRedirect);
      expect(res.statusCode).toBe(200);
      const back = await idp.browse(
        res.json<{ authorizationUrl: string }>().authorizationUrl,
        appRedirect,
      );
      expect(back).toMatch(/^casike:\/\/auth\/oidc\?code=/);
      const done = await complete(back, pkce.verifier);
      expect(done.statusCode).toBe(200);
      expect(done.json<Tokens>().accessToken).toBeTruthy();
    });

    it('the authorization URL carries the device challenge, state and nonce', async () => {
      const { res, pkce } = await start();
      const url = new URL(res.json<{ authorizationUrl: string }>().authorizationUrl);
      expect(url.origin).toBe(idp.issuer);
      expect(url.searchParams.get('code_challenge')).toBe(pkce.challenge);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
      expect(url.searchParams.get('state')).toMatch(/^cos_/);
      expect(url.searchParams.get('nonce')).toBeTruthy();
      expect(url.searchParams.get('scope')).toBe('openid email');
    });

    it('refuses a wrong verifier, a replayed callback, and a bad redirect URI', async () => {
      idp.nextAccount = { sub: 'bob', email: 'bob@example.test', emailVerified: true };
      const { res, pkce } = await start();
      const back = await idp.browse(
        res.json<{ authorizationUrl: string }>().authorizationUrl,
        redirectUri,
      );
      const stolen = await complete(back, pkcePair().verifier);
      expect(stolen.statusCode).toBe(401);
      expect(stolen.json()).toMatchObject({ error: { code: 'oidc_failed' } });
      // The state was used up by that attempt: even the right verifier cannot replay it.
      expect((await complete(back, pkce.verifier)).statusCode).toBe(401);
      for (const bad of [
        'http://localhost:4000/cb',
        'https://evil.test/cb',
        'casike://other',
        'http://127.0.0.1/cb?x=1',
      ]) {
        expect((await start(pkcePair(), bad)).res.statusCode).toBe(400);
      }
      const failures = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ details: string }>(
          "SELECT details FROM audit_log WHERE event = 'sign_in.failed'",
        ),
      );
      expect(failures.rows.map((r) => r.details).join()).toContain('"method":"oidc"');
    });

    it('refuses an address the provider has not verified', async () => {
      const { res } = await fullSignIn({
        sub: 'eve',
        email: 'eve@example.test',
        emailVerified: false,
      });
      expect(res.statusCode).toBe(401);
    });

    it('a provider identity cannot take over another account', async () => {
      await fullSignIn({ sub: 'carol', email: 'carol@example.test' });
      // The same subject now claims a different address: refused, and no account is made.
      const { res } = await fullSignIn({ sub: 'carol', email: 'dave@example.test' });
      expect(res.statusCode).toBe(401);
      const made = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query("SELECT 1 FROM users WHERE email = 'dave@example.test'"),
      );
      expect(made.rows).toHaveLength(0);
    });

    it('an account with MFA gets a challenge after the provider', async () => {
      const { email, secret } = await enrolTotp(t, 'frank@example.test');
      const { res } = await fullSignIn({ sub: 'frank', email });
      const challenge = res.json<{ status: string; mfaToken: string }>();
      expect(challenge.status).toBe('mfa_required');
      const done = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/mfa/verify',
        payload: { mfaToken: challenge.mfaToken, code: totpCode(t, secret) },
      });
      expect(done.statusCode).toBe(200);
    });
  });
}
