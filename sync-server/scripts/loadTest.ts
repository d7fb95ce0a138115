import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config/env';
import { ephemeralDevKeyRing } from '../src/config/devSecrets';
import { openDatabase } from '../src/db/open';
import { createLogger } from '../src/logging/logger';
import type { Mailer, MailMessage } from '../src/mail/mailer';

/*
 * Load test (issue 7's acceptance): N concurrent clients on an authenticated endpoint
 * (GET /v1/me: token check, session check, per-account rate limit, one RLS-scoped read)
 * over loopback for a bounded time. Not part of `npm test`: benchmarks print numbers and
 * never fail CI on timing. It exits 1 only if a request errored or was not a 200.
 *
 *   npm --prefix sync-server run loadtest -- [seconds=20] [connections=50]
 *
 * Uses DATABASE_URL when set (the realistic case), else an in-memory PGlite. The server
 * runs in this process; autocannon generates load from a worker thread. The per-account
 * rate limit is raised for the run, since every request comes from one account.
 */

const seconds = Number(process.argv[2] ?? 20);
const connections = Number(process.argv[3] ?? 50);

const sent: MailMessage[] = [];
const outbox: Mailer = {
  send: (m) => {
    sent.push(m);
    return Promise.resolve();
  },
  close: () => undefined,
};

const { config } = loadConfig(process.env, { devKeyRing: ephemeralDevKeyRing });
if (config.database.kind === 'pglite') config.database = { kind: 'pglite', dataDir: null };
config.rateLimits.account = { limit: 10_000_000, windowSeconds: 60 };
const database = await openDatabase(config.database);
const app = await buildApp({
  config,
  logger: createLogger({ level: 'warn' }),
  database,
  mailer: outbox,
});
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

// Sign in the way a device does.
const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const email = `load-${randomBytes(4).toString('hex')}@example.test`;
await fetch(`${base}/v1/auth/magic-link`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    email,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    deviceName: 'load test',
  }),
});
const token = /cml_[A-Za-z0-9_-]{43}/.exec(sent.at(-1)?.text ?? '')?.[0];
const verified = await fetch(`${base}/v1/auth/magic-link/verify`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ token, codeVerifier: verifier }),
});
const { accessToken } = (await verified.json()) as { accessToken: string };

const result = await autocannon({
  url: `${base}${process.env.LOADTEST_PATH ?? '/v1/me'}`,
  headers: { authorization: `Bearer ${accessToken}` },
  connections,
  duration: seconds,
  workers: 1,
});

const summary = {
  database: config.database.kind,
  connections,
  seconds,
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average),
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
await app.close();
await database.close();
process.exit(result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 ? 0 : 1);
