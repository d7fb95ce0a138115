import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../src/app';
import { SECURITY_HEADERS } from '../src/http/securityHeaders';
import { createLogger } from '../src/logging/logger';
import { LogCapture, Outbox, pkcePair, testConfig } from './_support/app';
import { openTestDatabase, type TestDatabase } from './_support/databases';

/*
 * HTTP hardening, independent of the store (PGlite only): security headers on every
 * response, closed CORS, body limits, malformed JSON, one error shape, hidden 5xx details.
 */

describe('HTTP hardening', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  const log = new LogCapture();

  beforeAll(async () => {
    tdb = await openTestDatabase('pglite');
    app = await buildApp({
      config: testConfig(),
      logger: createLogger({ destination: log }),
      database: tdb.db,
      mailer: new Outbox(),
    });
    // Routes that fail on purpose, to see what a 500 looks like from outside.
    app.get('/boom', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, () => {
      throw new Error('database password is hunter2 at /srv/secret/path');
    });
    app.get(
      '/bad-response',
      { schema: { response: { 200: z.object({ ok: z.boolean() }) } } },
      () => ({ ok: 'yes' }),
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  const expectSecurityHeaders = (headers: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      expect(headers[name], name).toBe(value);
    expect(headers['strict-transport-security']).toMatch(/preload/);
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['access-control-allow-origin']).toBeUndefined();
  };

  it('every kind of response carries the security headers', async () => {
    const responses = await Promise.all([
      app.inject({ method: 'GET', url: '/healthz' }),
      app.inject({ method: 'GET', url: '/metrics' }),
      app.inject({ method: 'GET', url: '/nope' }),
      app.inject({ method: 'GET', url: '/v1/me' }),
      app.inject({ method: 'GET', url: '/boom' }),
      app.inject({
        method: 'POST',
        url: '/v1/auth/refresh',
        payload: '{bad',
        headers: { 'content-type': 'application/json' },
      }),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 404, 401, 500, 400]);
    for (const r of responses) expectSecurityHeaders(r.headers);
  });

  it('malformed JSON gets 400 with a JSON error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/magic-link',
      payload: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual({
      error: { code: 'malformed_json', message: expect.any(String) as string },
    });
  });

  it('an oversized body gets 413 with a JSON error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/magic-link',
      payload: JSON.stringify({ email: 'a@example.test', pad: 'x'.repeat(128 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expectSecurityHeaders(res.headers);
  });

  it('a body that is not JSON gets 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: 'refreshToken=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('unknown fields are refused, and validation errors never echo the input', async () => {
    const { challenge } = pkcePair();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/magic-link',
      payload: {
        email: 'a@example.test',
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        deviceName: 'x',
        isAdmin: true,
      },
    });
    expect(res.statusCode).toBe(400);
    const token = `cml_${'S'.repeat(43)}`;
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/auth/magic-link/verify',
      payload: { token, codeVerifier: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toContain(token);
    expect(bad.body).not.toContain('short');
  });

  it('CORS is closed: no preflight answer and no allow-origin header', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/v1/auth/magic-link',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(404);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    const simple = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example' },
    });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('no response sets a cookie, and a cookie never authenticates (no CSRF surface)', async () => {
    const responses = await Promise.all([
      app.inject({ method: 'GET', url: '/healthz' }),
      app.inject({ method: 'GET', url: '/v1/me', headers: { cookie: 'session=anything' } }),
      app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: { cookie: 'session=x' } }),
    ]);
    for (const r of responses) expect(r.headers['set-cookie']).toBeUndefined();
    expect(responses[1]?.statusCode).toBe(401);
    expect(responses[2]?.statusCode).toBe(401);
  });

  it('a 5xx hides its details and points to the log by request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    const body = res.json<{ error: { code: string; message: string; requestId: string } }>();
    expect(body.error.code).toBe('internal');
    expect(res.body).not.toMatch(/hunter2|\/srv|Error|at /);
    expect(log.text).toContain(body.error.requestId);
  });

  it('a response that breaks its schema is a 500, not a leak', async () => {
    const res = await app.inject({ method: 'GET', url: '/bad-response' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('yes');
  });
});
