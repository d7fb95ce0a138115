import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createLogger } from '../src/logging/logger';
import { LogCapture, pkcePair, testConfig, uniqueEmail, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import { decodeQuotedPrintable, startFakeSmtp, type FakeSmtp } from './_support/fakeSmtp';

/*
 * Over a real socket, with the real SMTP client talking to a real SMTP server on
 * 127.0.0.1: the sign-in a desktop client would do, end to end.
 */

for (const kind of testDrivers()) {
  describe(`over a real socket with SMTP (${kind})`, () => {
    let tdb: TestDatabase;
    let smtp: FakeSmtp;
    let app: FastifyInstance;
    let base: string;
    const log = new LogCapture();

    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      smtp = await startFakeSmtp();
      app = await buildApp({
        config: testConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Casike <no-reply@casike.test>' }),
        logger: createLogger({ destination: log }),
        database: tdb.db,
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await app.close();
      await smtp.close();
      await tdb.close();
    });

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    it('mails a link over SMTP and completes sign-in with it', async () => {
      const email = uniqueEmail();
      const { verifier, challenge } = pkcePair();
      const asked = await post('/v1/auth/magic-link', {
        email,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        deviceName: 'Laptop',
      });
      expect(asked.status).toBe(202);
      expect(asked.headers.get('strict-transport-security')).toMatch(/preload/);
      const mail = smtp.received.find((m) => m.to.includes(email));
      expect(mail?.from).toBe('no-reply@casike.test');
      const body = decodeQuotedPrintable(mail?.raw ?? '');
      const token = /cml_[A-Za-z0-9_-]{43}/.exec(body)?.[0] ?? '';
      expect(body).toContain(`casike://auth/magic-link?token=${token}`);

      const verified = await post('/v1/auth/magic-link/verify', { token, codeVerifier: verifier });
      expect(verified.status).toBe(200);
      const tokens = (await verified.json()) as Tokens;
      const me = await fetch(`${base}/v1/me`, {
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);
      expect(log.text).not.toContain(token);
    });

    it('answers oversized and malformed bodies with JSON errors on the wire', async () => {
      const big = await post('/v1/auth/refresh', { refreshToken: 'x'.repeat(200_000) });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      const bad = await fetch(`${base}/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"refreshToken":',
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'malformed_json' } });
      expect(bad.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });
}
