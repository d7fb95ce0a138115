import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/logger';
import { REDACTED, scrubString } from '../src/logging/redact';
import {
  bearer,
  buildTestApp,
  LogCapture,
  pkcePair,
  requestLink,
  uniqueEmail,
  verifyLink,
  type TestApp,
  type Tokens,
} from './_support/app';
import { openTestDatabase, type TestDatabase } from './_support/databases';

/*
 * Logs never contain tokens, magic links, email addresses or secrets: a whole sign-in is
 * run at debug level and the log searched for every secret it handled.
 */

describe('log redaction', () => {
  let tdb: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    tdb = await openTestDatabase('pglite');
    t = await buildTestApp(tdb.db);
  });
  afterAll(async () => {
    await t.app.close();
    await tdb.close();
  });

  it('a full sign-in, refresh and sign-out leaves no secret in the log', async () => {
    const email = uniqueEmail('Secret.Person');
    const { verifier, challenge } = pkcePair();
    await requestLink(t, email, challenge);
    const linkToken = t.outbox.tokenFor(email.toLowerCase());
    const tokens = (await verifyLink(t, linkToken, verifier)).json<Tokens>();
    const refreshed = (
      await t.app.inject({
        method: 'POST',
        url: `/v1/auth/refresh?token=${linkToken}`,
        payload: { refreshToken: tokens.refreshToken },
        headers: { cookie: `session=${tokens.refreshToken}` },
      })
    ).json<Tokens>();
    await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(refreshed.accessToken) });
    await t.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-out',
      headers: bearer(refreshed.accessToken),
    });

    const log = t.log.text;
    expect(t.log.lines.length).toBeGreaterThan(5);
    for (const secret of [
      email,
      email.toLowerCase(),
      linkToken,
      verifier,
      tokens.accessToken,
      tokens.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(log).toMatch(/"url":"\/v1\/auth\/refresh"/);
  });

  it('scrubs secrets passed directly to the logger, in fields, messages and errors', () => {
    const capture = new LogCapture();
    const logger = createLogger({ destination: capture });
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    logger.info(
      {
        user: {
          email: 'ann@example.com',
          refreshToken: 'crt_abc',
          nested: { apiKey: 'sk-123', note: `Bearer ${jwt}` },
        },
      },
      'hello',
    );
    logger.warn(`link casike://auth/magic-link?token=cml_${'Z'.repeat(43)} for ann@example.com`);
    logger.error({ err: new Error('connect failed postgres://app:hunter2@db:5432/x') }, 'db');
    logger.info({
      headers: { authorization: 'Bearer abc', cookie: 'a=b' },
      smtpUrl: 'smtps://u:p@h',
    });
    const text = capture.text;
    for (const secret of [
      'ann@example.com',
      'crt_abc',
      'sk-123',
      jwt,
      'Z'.repeat(43),
      'hunter2',
      'a=b',
      'u:p@h',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(REDACTED);
  });

  it('scrubbing stays fast on hostile input', () => {
    const started = performance.now();
    scrubString('x'.repeat(1_000_000));
    scrubString(`${'a'.repeat(100_000)}@`);
    // Unbounded patterns took minutes on a 128 KiB body; the cut keeps this to milliseconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
