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
} from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';

for (const kind of testDrivers()) {
  describe(`magic-link sign-in (${kind})`, () => {
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

    it('signs in with the link and the verifier of the asking device', async () => {
      const email = uniqueEmail();
      const tokens = await signIn(t, email);
      expect(tokens.accessToken.split('.')).toHaveLength(3);
      expect(tokens.refreshToken).toMatch(/^crt_/);
      const me = await t.app.inject({
        method: 'GET',
        url: '/v1/me',
        headers: bearer(tokens.accessToken),
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        user: { id: tokens.userId, email },
        session: { id: tokens.sessionId },
      });
    });

    it('answers the same for known and unknown addresses', async () => {
      const known = uniqueEmail('known');
      await signIn(t, known);
      const a = await requestLink(t, known, pkcePair().challenge);
      const b = await requestLink(t, uniqueEmail('unknown'), pkcePair().challenge);
      expect(a.statusCode).toBe(202);
      expect(b.statusCode).toBe(202);
      expect(a.body).toBe(b.body);
      const strip = (h: Record<string, unknown>) => ({
        ...h,
        date: undefined,
        'content-length': undefined,
      });
      expect(Object.keys(strip(a.headers)).sort()).toEqual(Object.keys(strip(b.headers)).sort());
    });

    it('works once', async () => {
      const email = uniqueEmail();
      const { verifier, challenge } = pkcePair();
      await requestLink(t, email, challenge);
      const token = t.outbox.tokenFor(email);
      expect((await verifyLink(t, token, verifier)).statusCode).toBe(200);
      const again = await verifyLink(t, token, verifier);
      expect(again.statusCode).toBe(401);
      expect(again.json()).toMatchObject({ error: { code: 'invalid_link' } });
    });

    it('expires after 15 minutes', async () => {
      const email = uniqueEmail();
      const { verifier, challenge } = pkcePair();
      await requestLink(t, email, challenge);
      t.clock.advance(15 * 60 + 1);
      const late = await verifyLink(t, t.outbox.tokenFor(email), verifier);
      expect(late.statusCode).toBe(401);
    });

    it('fails from another device and is burnt after repeated wrong verifiers', async () => {
      const email = uniqueEmail();
      const mine = pkcePair();
      await requestLink(t, email, mine.challenge);
      const token = t.outbox.tokenFor(email);
      const other = await verifyLink(t, token, pkcePair().verifier);
      expect(other.statusCode).toBe(401);
      // One wrong try does not burn it: the asking device still signs in.
      expect((await verifyLink(t, token, mine.verifier)).statusCode).toBe(200);

      const email2 = uniqueEmail();
      const mine2 = pkcePair();
      await requestLink(t, email2, mine2.challenge);
      const token2 = t.outbox.tokenFor(email2);
      for (let i = 0; i < t.config.auth.magicLinkMaxFailures; i++) {
        expect((await verifyLink(t, token2, pkcePair().verifier)).statusCode).toBe(401);
      }
      expect((await verifyLink(t, token2, mine2.verifier)).statusCode).toBe(401);
    });

    it('rejects malformed requests with JSON errors', async () => {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/magic-link',
        payload: {
          email: 'not-an-email',
          codeChallenge: 'x',
          codeChallengeMethod: 'plain',
          deviceName: '',
        },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'validation_failed' } });
      const unknownToken = await verifyLink(t, 'cml_' + 'A'.repeat(43), pkcePair().verifier);
      expect(unknownToken.statusCode).toBe(401);
    });

    it('the same account signs in again from a second device', async () => {
      const email = uniqueEmail();
      const first = await signIn(t, email);
      const second = await signIn(t, email);
      expect(second.userId).toBe(first.userId);
      expect(second.sessionId).not.toBe(first.sessionId);
    });

    it('answers 503 when the mail cannot be sent', async () => {
      t.outbox.failNext = true;
      const res = await requestLink(t, uniqueEmail(), pkcePair().challenge);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'mail_unavailable' } });
    });
  });
}
