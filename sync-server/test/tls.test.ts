import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { tlsOptions } from '../src/config/tls';
import { createLogger } from '../src/logging/logger';
import {
  buildTestApp,
  LogCapture,
  Outbox,
  pkcePair,
  testConfig,
  uniqueEmail,
  type TestApp,
} from './_support/app';
import { openTestDatabase, type TestDatabase } from './_support/databases';

/*
 * Encryption in transit (policy 000 P000-16): the server terminating TLS refuses TLS 1.1
 * and accepts 1.2 and 1.3, with a self-signed certificate made here by the openssl CLI.
 * Behind a proxy (TRUST_PROXY) it still sends HSTS and takes the client address from it.
 */

type Handshake = { ok: true; protocol: string | null } | { ok: false; error: string };

function handshake(port: number, options: tls.ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options });
    socket.once('secureConnect', () => {
      resolve({ ok: true, protocol: socket.getProtocol() });
      socket.end();
    });
    socket.once('error', (error: Error) => resolve({ ok: false, error: error.message }));
  });
}

// A client able to speak TLS 1.1: OpenSSL 3 disables it below security level 0.
const TLS11_CLIENT: tls.ConnectionOptions = {
  minVersion: 'TLSv1',
  maxVersion: 'TLSv1.1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
};

describe('TLS termination', () => {
  let dir: string;
  let cert: Buffer;
  let key: Buffer;
  let tdb: TestDatabase;
  let port: number;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casike-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    cert = fs.readFileSync(path.join(dir, 'cert.pem'));
    key = fs.readFileSync(path.join(dir, 'key.pem'));
    tdb = await openTestDatabase('pglite');
    const app = await buildApp({
      config: testConfig(),
      logger: createLogger({ level: 'warn', destination: new LogCapture() }),
      database: tdb.db,
      mailer: new Outbox(),
      https: tlsOptions(cert, key),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
    close = () => app.close();
  });
  afterAll(async () => {
    await close();
    await tdb.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('this test client can speak TLS 1.1 (a server that allows it accepts it)', async () => {
    const lax = tls.createServer({
      cert,
      key,
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    await new Promise<void>((resolve) => lax.listen(0, '127.0.0.1', resolve));
    const result = await handshake((lax.address() as AddressInfo).port, TLS11_CLIENT);
    await new Promise((resolve) => lax.close(resolve));
    expect(result).toEqual({ ok: true, protocol: 'TLSv1.1' });
  });

  it('refuses TLS 1.1', async () => {
    const result = await handshake(port, TLS11_CLIENT);
    expect(result.ok).toBe(false);
  });

  it('accepts TLS 1.2 with a forward-secret AEAD cipher, and TLS 1.3', async () => {
    const v12 = await handshake(port, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    expect(v12).toEqual({ ok: true, protocol: 'TLSv1.2' });
    const v13 = await handshake(port, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    expect(v13).toEqual({ ok: true, protocol: 'TLSv1.3' });
    // A CBC-only TLS 1.2 client finds no common cipher.
    const cbc = await handshake(port, {
      maxVersion: 'TLSv1.2',
      ciphers: 'AES128-SHA:ECDHE-RSA-AES128-SHA',
    });
    expect(cbc.ok).toBe(false);
  });

  it('serves the API over HTTPS with HSTS', async () => {
    const res = await new Promise<{ status: number; hsts: string | undefined }>(
      (resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, path: '/healthz', ca: cert }, (r) => {
            r.resume();
            resolve({ status: r.statusCode ?? 0, hsts: r.headers['strict-transport-security'] });
          })
          .on('error', reject);
      },
    );
    expect(res.status).toBe(200);
    expect(res.hsts).toBe('max-age=63072000; includeSubDomains; preload');
  });
});

describe('behind a TLS-terminating proxy (TRUST_PROXY)', () => {
  let tdb: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    tdb = await openTestDatabase('pglite');
    t = await buildTestApp(tdb.db, (config) => {
      config.trustProxy = true;
    });
  });
  afterAll(async () => {
    await t.app.close();
    await tdb.close();
  });

  it('still sends HSTS and takes the client address from X-Forwarded-For', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/magic-link',
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
      payload: {
        email: uniqueEmail(),
        codeChallenge: pkcePair().challenge,
        codeChallengeMethod: 'S256',
        deviceName: 'proxy test',
      },
    });
    expect(res.statusCode).toBe(202);
    expect(res.headers['strict-transport-security']).toBe(
      'max-age=63072000; includeSubDomains; preload',
    );
    const ips = await tdb.db.__dangerouslyAsOwner((c) =>
      c.query<{ ip: string }>("SELECT ip FROM audit_log WHERE event = 'sign_in.link_requested'"),
    );
    expect(ips.rows[0]?.ip).toBe('203.0.113.7');
  });
});
