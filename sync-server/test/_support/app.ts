import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig, type ServerConfig } from '../../src/config/env';
import { ephemeralDevKeyRing } from '../../src/config/devSecrets';
import type { Database } from '../../src/db/database';
import { createLogger } from '../../src/logging/logger';
import type { Mailer, MailMessage } from '../../src/mail/mailer';

/* Test-only helpers: a config, a captured log, an in-memory outbox, a movable clock. */

export function testConfig(env: Record<string, string> = {}): ServerConfig {
  const { config } = loadConfig(
    { PUBLIC_URL: 'http://127.0.0.1:8787', ...env },
    { devKeyRing: ephemeralDevKeyRing, cwd: '/nonexistent' },
  );
  return config;
}

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export class Outbox implements Mailer {
  readonly sent: MailMessage[] = [];
  failNext = false;
  send(message: MailMessage): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('smtp down'));
    }
    this.sent.push(message);
    return Promise.resolve();
  }
  close(): void {}
  /** The sign-in token in the newest mail to `to`. */
  tokenFor(to: string): string {
    const mail = [...this.sent].reverse().find((m) => m.to === to);
    const token = mail === undefined ? undefined : /\bcml_[A-Za-z0-9_-]{43}\b/.exec(mail.text)?.[0];
    if (token === undefined) throw new Error(`no sign-in mail for ${to}`);
    return token;
  }
}

export class TestClock {
  constructor(public now: Date = new Date('2026-03-01T12:00:00.000Z')) {}
  advance(seconds: number): void {
    this.now = new Date(this.now.getTime() + seconds * 1000);
  }
  readonly fn = (): Date => new Date(this.now);
}

export interface TestApp {
  app: FastifyInstance;
  outbox: Outbox;
  clock: TestClock;
  log: LogCapture;
  config: ServerConfig;
}

export async function buildTestApp(
  db: Database,
  tweak: (config: ServerConfig) => void = () => undefined,
): Promise<TestApp> {
  const config = testConfig();
  tweak(config);
  const outbox = new Outbox();
  const clock = new TestClock();
  const log = new LogCapture();
  const app = await buildApp({
    config,
    logger: createLogger({ level: 'debug', destination: log }),
    database: db,
    mailer: outbox,
    clock: clock.fn,
  });
  await app.ready();
  return { app, outbox, clock, log, config };
}

/** A PKCE pair as a device makes it. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.test`;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  userId: string;
  sessionId: string;
}

export async function requestLink(
  t: TestApp,
  email: string,
  challenge: string,
  deviceName = 'Test laptop',
) {
  return t.app.inject({
    method: 'POST',
    url: '/v1/auth/magic-link',
    payload: { email, codeChallenge: challenge, codeChallengeMethod: 'S256', deviceName },
  });
}

export async function verifyLink(t: TestApp, token: string, verifier: string) {
  return t.app.inject({
    method: 'POST',
    url: '/v1/auth/magic-link/verify',
    payload: { token, codeVerifier: verifier },
  });
}

/** Full magic-link sign-in; returns the token pair. */
export async function signIn(t: TestApp, email: string = uniqueEmail()): Promise<Tokens> {
  const { verifier, challenge } = pkcePair();
  const asked = await requestLink(t, email, challenge);
  expect(asked.statusCode).toBe(202);
  const done = await verifyLink(t, t.outbox.tokenFor(email), verifier);
  expect(done.statusCode).toBe(200);
  return done.json<Tokens>();
}

export function bearer(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}` };
}
