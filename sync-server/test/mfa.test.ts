import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  buildTestApp,
  pkcePair,
  requestLink,
  signIn,
  uniqueEmail,
  verifyLink,
  type TestApp,
  type Tokens,
} from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';

/* TOTP MFA: enrol, confirm, sign-in challenge, one use per code, recovery codes, disable. */

interface Enrolled {
  tokens: Tokens;
  email: string;
  secret: string;
  recoveryCodes: string[];
}

for (const kind of testDrivers()) {
  describe(`TOTP second factor (${kind})`, () => {
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

    const codeFor = (secret: string) =>
      generateSync({ secret, epoch: Math.floor(t.clock.now.getTime() / 1000) });
    const post = (url: string, accessToken: string | undefined, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url,
        ...(accessToken === undefined ? {} : { headers: bearer(accessToken) }),
        ...(payload === undefined ? {} : { payload }),
      });

    async function enrol(): Promise<Enrolled> {
      const email = uniqueEmail('mfa');
      const tokens = await signIn(t, email);
      const started = await post('/v1/account/mfa/totp', tokens.accessToken);
      expect(started.statusCode).toBe(200);
      const { secret } = started.json<{ secret: string }>();
      const confirmed = await post('/v1/account/mfa/totp/confirm', tokens.accessToken, {
        code: codeFor(secret),
      });
      expect(confirmed.statusCode).toBe(200);
      t.clock.advance(30);
      return { tokens, email, secret, ...confirmed.json<{ recoveryCodes: string[] }>() };
    }

    /** Magic-link first factor; returns the verify response. */
    async function firstFactor(email: string, trustedDeviceToken?: string) {
      const { verifier, challenge } = pkcePair();
      expect((await requestLink(t, email, challenge)).statusCode).toBe(202);
      return t.app.inject({
        method: 'POST',
        url: '/v1/auth/magic-link/verify',
        payload: {
          token: t.outbox.tokenFor(email),
          codeVerifier: verifier,
          ...(trustedDeviceToken === undefined ? {} : { trustedDeviceToken }),
        },
      });
    }

    it('enrols with an otpauth URI and an SVG QR code, and confirms with a first code', async () => {
      const tokens = await signIn(t);
      const status0 = await t.app.inject({
        method: 'GET',
        url: '/v1/account/mfa',
        headers: bearer(tokens.accessToken),
      });
      expect(status0.json()).toEqual({ enabled: false, pending: false, recoveryCodesLeft: 0 });
      const started = await post('/v1/account/mfa/totp', tokens.accessToken);
      const body = started.json<{
        secret: string;
        otpauthUri: string;
        qrSvg: string;
        qrDataUrl: string;
      }>();
      expect(body.otpauthUri).toMatch(
        /^otpauth:\/\/totp\/Casike:.+\?secret=[A-Z2-7]+&issuer=Casike$/,
      );
      expect(body.otpauthUri).toContain(body.secret);
      expect(body.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
      expect(body.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      // A wrong code does not confirm.
      const wrong = await post('/v1/account/mfa/totp/confirm', tokens.accessToken, {
        code: codeFor(body.secret) === '000000' ? '111111' : '000000',
      });
      expect(wrong.statusCode).toBe(400);
      const ok = await post('/v1/account/mfa/totp/confirm', tokens.accessToken, {
        code: codeFor(body.secret),
      });
      expect(ok.statusCode).toBe(200);
      const codes = ok.json<{ recoveryCodes: string[] }>().recoveryCodes;
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      const status1 = await t.app.inject({
        method: 'GET',
        url: '/v1/account/mfa',
        headers: bearer(tokens.accessToken),
      });
      expect(status1.json()).toEqual({ enabled: true, pending: false, recoveryCodesLeft: 10 });
      // Enrolling again while on is refused.
      expect((await post('/v1/account/mfa/totp', tokens.accessToken)).statusCode).toBe(409);

      // At rest: the seed is sealed, the recovery codes are hashes.
      const stored = await tdb.db.__dangerouslyAsOwner(async (c) => ({
        totp: (await c.query('SELECT * FROM mfa_totp WHERE user_id = $1', [tokens.userId])).rows,
        codes: (
          await c.query('SELECT * FROM mfa_recovery_codes WHERE user_id = $1', [tokens.userId])
        ).rows,
      }));
      const dump = JSON.stringify(stored);
      expect(dump).not.toContain(body.secret);
      for (const code of codes) {
        expect(dump).not.toContain(code);
        expect(dump).not.toContain(code.replace('-', ''));
      }
      expect(stored.totp[0]).toMatchObject({ key_id: t.config.keyRing.keys[0]?.id });
    });

    it('sign-in asks for the second factor, and a code works exactly once', async () => {
      const { email, secret, tokens } = await enrol();
      const first = await firstFactor(email);
      expect(first.statusCode).toBe(200);
      const challenge = first.json<{ status: string; mfaToken: string; accessToken?: string }>();
      expect(challenge.status).toBe('mfa_required');
      expect(challenge.accessToken).toBeUndefined();
      expect(challenge.mfaToken).toMatch(/^cmf_/);

      const code = codeFor(secret);
      const ok = await post('/v1/auth/mfa/verify', undefined, {
        mfaToken: challenge.mfaToken,
        code,
      });
      expect(ok.statusCode).toBe(200);
      const session = ok.json<Tokens>();
      expect(session.userId).toBe(tokens.userId);
      expect(
        (await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(session.accessToken) }))
          .statusCode,
      ).toBe(200);

      // The same code again, within its own 30 seconds, on a new challenge: refused.
      const again = (await firstFactor(email)).json<{ mfaToken: string }>();
      const replay = await post('/v1/auth/mfa/verify', undefined, {
        mfaToken: again.mfaToken,
        code,
      });
      expect(replay.statusCode).toBe(401);
      expect(replay.json()).toMatchObject({ error: { code: 'invalid_mfa' } });
      // The challenge itself is spent once used.
      t.clock.advance(30);
      const reused = await post('/v1/auth/mfa/verify', undefined, {
        mfaToken: challenge.mfaToken,
        code: codeFor(secret),
      });
      expect(reused.statusCode).toBe(401);
      // The next step's code works on the still-open challenge.
      const next = await post('/v1/auth/mfa/verify', undefined, {
        mfaToken: again.mfaToken,
        code: codeFor(secret),
      });
      expect(next.statusCode).toBe(200);

      const events = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ event: string }>('SELECT event FROM audit_log WHERE user_id = $1 ORDER BY seq', [
          tokens.userId,
        ]),
      );
      const names = events.rows.map((r) => r.event);
      expect(names).toContain('mfa.enabled');
      expect(names).toContain('mfa.challenge_passed');
      expect(names).toContain('mfa.challenge_failed');
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/casike_mfa_failures_total\{reason="totp_invalid"\} [1-9]/);
    });

    it('a challenge expires and is burnt after repeated wrong codes', async () => {
      const { email, secret } = await enrol();
      const late = (await firstFactor(email)).json<{ mfaToken: string }>();
      t.clock.advance(t.config.auth.mfaChallengeTtlSeconds + 1);
      expect(
        (
          await post('/v1/auth/mfa/verify', undefined, {
            mfaToken: late.mfaToken,
            code: codeFor(secret),
          })
        ).statusCode,
      ).toBe(401);

      t.clock.advance(30);
      const c = (await firstFactor(email)).json<{ mfaToken: string }>();
      const wrong = codeFor(secret) === '123456' ? '654321' : '123456';
      for (let i = 0; i < t.config.auth.mfaMaxFailures; i++) {
        expect(
          (await post('/v1/auth/mfa/verify', undefined, { mfaToken: c.mfaToken, code: wrong }))
            .statusCode,
        ).toBe(401);
      }
      const right = await post('/v1/auth/mfa/verify', undefined, {
        mfaToken: c.mfaToken,
        code: codeFor(secret),
      });
      expect(right.statusCode).toBe(401);
    });

    it('recovery codes each work once', async () => {
      const { email, recoveryCodes } = await enrol();
      const [code] = recoveryCodes as [string];
      const a = (await firstFactor(email)).json<{ mfaToken: string }>();
      expect(
        (await post('/v1/auth/mfa/verify', undefined, { mfaToken: a.mfaToken, recoveryCode: code }))
          .statusCode,
      ).toBe(200);
      const b = (await firstFactor(email)).json<{ mfaToken: string }>();
      expect(
        (await post('/v1/auth/mfa/verify', undefined, { mfaToken: b.mfaToken, recoveryCode: code }))
          .statusCode,
      ).toBe(401);
      // Case and dashes do not matter; another code still works.
      const other = (recoveryCodes[1] ?? '').toUpperCase().replace('-', '');
      expect(
        (
          await post('/v1/auth/mfa/verify', undefined, {
            mfaToken: b.mfaToken,
            recoveryCode: other,
          })
        ).statusCode,
      ).toBe(200);
    });

    it('disable needs a current code, and turns the challenge off', async () => {
      const { email, secret, tokens } = await enrol();
      const wrong = await post('/v1/account/mfa/totp/disable', tokens.accessToken, {
        code: codeFor(secret) === '000000' ? '111111' : '000000',
      });
      expect(wrong.statusCode).toBe(400);
      const off = await post('/v1/account/mfa/totp/disable', tokens.accessToken, {
        code: codeFor(secret),
      });
      expect(off.statusCode).toBe(200);
      const direct = await firstFactor(email);
      expect(direct.json<{ accessToken?: string }>().accessToken).toBeDefined();
      expect(
        (await post('/v1/account/mfa/totp/disable', tokens.accessToken, { code: codeFor(secret) }))
          .statusCode,
      ).toBe(409);
    });

    it('rate-limits code guessing per account', async () => {
      const { tokens } = await enrol();
      const { limit } = t.config.rateLimits['mfa-code'];
      let last = 0;
      for (let i = 0; i <= limit; i++) {
        last = (await post('/v1/account/mfa/totp/disable', tokens.accessToken, { code: '000000' }))
          .statusCode;
      }
      expect(last).toBe(429);
      t.clock.advance(t.config.rateLimits['mfa-code'].windowSeconds);
    });

    it('a magic link of another device still fails before any MFA step', async () => {
      const { email } = await enrol();
      const { challenge } = pkcePair();
      await requestLink(t, email, challenge);
      const res = await verifyLink(t, t.outbox.tokenFor(email), pkcePair().verifier);
      expect(res.statusCode).toBe(401);
    });
  });
}
