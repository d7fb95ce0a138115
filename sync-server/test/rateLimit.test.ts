import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createLogger } from '../src/logging/logger';
import {
  buildTestApp,
  Outbox,
  pkcePair,
  requestLink,
  signIn,
  bearer,
  uniqueEmail,
  type TestApp,
} from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';

/* Rate limits: counted in the database (shared by replicas), 429 with a JSON body. */

for (const kind of testDrivers()) {
  describe(`rate limits (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    let replica: FastifyInstance;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db, (c) => {
        c.rateLimits['auth-ip'] = { limit: 1000, windowSeconds: 60 };
        c.rateLimits['magic-link-email'] = { limit: 3, windowSeconds: 900 };
        c.rateLimits['magic-link-verify-ip'] = { limit: 1000, windowSeconds: 900 };
        c.rateLimits.account = { limit: 5, windowSeconds: 60 };
      });
      // A second server on the same database, as a second replica would be.
      replica = await buildApp({
        config: t.config,
        logger: createLogger({ level: 'silent' }),
        database: tdb.db,
        mailer: new Outbox(),
        clock: t.clock.fn,
      });
      await replica.ready();
    });
    afterAll(async () => {
      await replica.close();
      await t.app.close();
      await tdb.close();
    });

    it('limits sign-in mails per address across replicas, with 429 JSON and Retry-After', async () => {
      const email = uniqueEmail();
      const ask = (app: FastifyInstance) =>
        app.inject({
          method: 'POST',
          url: '/v1/auth/magic-link',
          payload: {
            email,
            codeChallenge: pkcePair().challenge,
            codeChallengeMethod: 'S256',
            deviceName: 'x',
          },
        });
      expect((await ask(t.app)).statusCode).toBe(202);
      expect((await ask(replica)).statusCode).toBe(202);
      expect((await ask(t.app)).statusCode).toBe(202);
      const limited = await ask(replica);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['x-frame-options']).toBe('DENY');
      // Another address is not affected, and the window passes.
      expect((await requestLink(t, uniqueEmail(), pkcePair().challenge)).statusCode).toBe(202);
      t.clock.advance(901);
      expect((await ask(t.app)).statusCode).toBe(202);
    });

    it('limits every auth route per client address', async () => {
      t.config.rateLimits['auth-ip'] = { limit: 2, windowSeconds: 60 };
      try {
        t.clock.advance(61);
        const hit = () =>
          t.app.inject({
            method: 'POST',
            url: '/v1/auth/refresh',
            payload: { refreshToken: 'x' },
            remoteAddress: '203.0.113.9',
          });
        expect((await hit()).statusCode).toBe(401);
        expect((await hit()).statusCode).toBe(401);
        const limited = await hit();
        expect(limited.statusCode).toBe(429);
        const other = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/refresh',
          payload: { refreshToken: 'x' },
          remoteAddress: '203.0.113.10',
        });
        expect(other.statusCode).toBe(401);
        for (const url of [
          '/v1/auth/magic-link',
          '/v1/auth/magic-link/verify',
          '/v1/auth/sign-out',
          '/v1/auth/sign-out-everywhere',
        ]) {
          const res = await t.app.inject({
            method: 'POST',
            url,
            payload: {},
            remoteAddress: '203.0.113.9',
          });
          expect(res.statusCode, url).toBe(429);
        }
      } finally {
        t.config.rateLimits['auth-ip'] = { limit: 1000, windowSeconds: 60 };
      }
    });

    it('limits authenticated calls per account', async () => {
      t.clock.advance(61);
      const tokens = await signIn(t);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push(
          (
            await t.app.inject({
              method: 'GET',
              url: '/v1/me',
              headers: bearer(tokens.accessToken),
            })
          ).statusCode,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/casike_rate_limit_hits_total\{rule="account"\} 2/);
    });

    it('stores no address in the clear', async () => {
      const rows = await tdb.db.__dangerouslyAsOwner((c) =>
        c.query<{ bucket: string }>('SELECT bucket FROM rate_limits'),
      );
      expect(rows.rows.length).toBeGreaterThan(0);
      for (const r of rows.rows) expect(r.bucket).not.toMatch(/@|203\.0/);
    });
  });
}
