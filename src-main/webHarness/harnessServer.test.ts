import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../core/vault/_testSupport';
import {
  _call,
  _nextMessage,
  _opened,
  _socketFor,
  _writeFixtureRenderer,
} from './_harnessTestSupport';
import { startWebHarness, type WebHarness } from './harnessServer';
import { MAX_MESSAGE_BYTES, SOCKET_PROTOCOL } from './socketBridge';

let harness: WebHarness;
const data = _tempDataDir();
const renderer = _tempDataDir();

beforeAll(async () => {
  _writeFixtureRenderer(renderer.dir);
  harness = await startWebHarness({ dataDir: data.dir, rendererDir: renderer.dir });
});

afterAll(async () => {
  await harness.close();
  data.cleanup();
  renderer.cleanup();
});

/** A raw HTTP GET with full control of the headers (fetch will not let us set Host). */
function get(path: string, headers: Record<string, string> = {}) {
  const { port } = new URL(harness.origin);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('web harness: start', () => {
  it('listens on 127.0.0.1 and prints a URL carrying a 32-byte base64url token', () => {
    expect(harness.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(harness.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(harness.url).toBe(`${harness.origin}/#token=${harness.token}`);
  });

  it('uses a new token each run', async () => {
    const other = await startWebHarness({ dataDir: data.dir, rendererDir: renderer.dir });
    try {
      expect(other.token).not.toBe(harness.token);
      expect(other.origin).not.toBe(harness.origin);
    } finally {
      await other.close();
    }
  });
});

describe('web harness: WebSocket calls', () => {
  it('round-trips vault.status to the core', async () => {
    const ws = await _opened(_socketFor(harness));
    expect(ws.protocol).toBe(SOCKET_PROTOCOL);
    await expect(_call(ws, 'vault.status', {})).resolves.toMatchObject({
      ok: true,
      value: { exists: false, unlocked: false, keychainAvailable: false },
    });
    ws.close();
  });

  it('answers an unknown channel with UNKNOWN_CALL', async () => {
    const ws = await _opened(_socketFor(harness));
    for (const channel of ['vault.explode', '__proto__', 'constructor', '']) {
      await expect(_call(ws, channel, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CALL' },
      });
    }
    ws.close();
  });

  it('answers invalid input with VALIDATION', async () => {
    const ws = await _opened(_socketFor(harness));
    await expect(_call(ws, 'vault.create', { passphrase: 42 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    await expect(_call(ws, 'vault.status', { extra: true })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    ws.close();
  });

  it('answers malformed messages with an error and keeps serving', async () => {
    const ws = await _opened(_socketFor(harness));
    const malformed: (string | Buffer)[] = [
      'not json',
      '{"type":"call"',
      'null',
      '42',
      '"call"',
      '[]',
      '{}',
      JSON.stringify({ type: 'call', id: 1, channel: 'vault.status', input: {}, extra: 1 }),
      JSON.stringify({ type: 'call', id: -1, channel: 'vault.status', input: {} }),
      JSON.stringify({ type: 'call', id: 1.5, channel: 'vault.status', input: {} }),
      JSON.stringify({ type: 'call', id: '1', channel: 'vault.status', input: {} }),
      JSON.stringify({ type: 'call', id: 1, channel: 7, input: {} }),
      JSON.stringify({ type: 'call', id: 1, channel: 'x'.repeat(201), input: {} }),
      JSON.stringify({ type: 'result', id: 1, result: { ok: true } }),
      JSON.stringify({ type: 'event', event: 'vault.locked', payload: { reason: 'user' } }),
      '{"__proto__":{"type":"call"},"id":1,"channel":"vault.status","input":{}}',
      Buffer.from([0, 1, 2, 3]),
    ];
    for (const message of malformed) {
      const reply = _nextMessage(ws);
      ws.send(message, { binary: Buffer.isBuffer(message) });
      await expect(reply).resolves.toMatchObject({
        type: 'error',
        error: { code: 'VALIDATION' },
      });
    }
    // The same connection still works.
    await expect(_call(ws, 'vault.status', {})).resolves.toMatchObject({ ok: true });
    ws.close();
  });

  it('names the call in the error when a malformed message has a usable id', async () => {
    const ws = await _opened(_socketFor(harness));
    const reply = _nextMessage(ws);
    ws.send(JSON.stringify({ type: 'call', id: 77, channel: ['vault.status'] }));
    await expect(reply).resolves.toEqual({
      type: 'error',
      id: 77,
      error: { code: 'VALIDATION', message: 'unknown message shape' },
    });
    ws.close();
  });

  it('treats a call without input as undefined input (VALIDATION from the contract)', async () => {
    const ws = await _opened(_socketFor(harness));
    await expect(_call(ws, 'vault.status', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    ws.close();
  });

  it('closes a connection that sends more than the size limit, and keeps serving others', async () => {
    const ws = await _opened(_socketFor(harness));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send(
      JSON.stringify({
        type: 'call',
        id: 1,
        channel: 'vault.status',
        input: 'x'.repeat(MAX_MESSAGE_BYTES),
      }),
    );
    await expect(closed).resolves.toBe(1009);

    const next = await _opened(_socketFor(harness));
    await expect(_call(next, 'vault.status', {})).resolves.toMatchObject({ ok: true });
    next.close();
  });

  it('pushes core events to connected pages', async () => {
    const ws = await _opened(_socketFor(harness));
    const watcher = await _opened(_socketFor(harness));
    await expect(
      _call(ws, 'vault.create', { passphrase: 'correct horse battery staple' }),
    ).resolves.toMatchObject({ ok: true });

    const event = _nextMessage(watcher);
    await expect(_call(ws, 'vault.lock', {})).resolves.toEqual({ ok: true, value: { ok: true } });
    await expect(event).resolves.toEqual({
      type: 'event',
      event: 'vault.locked',
      payload: { reason: 'user' },
    });
    ws.close();
    watcher.close();
  });
});

describe('web harness: WebSocket refusals', () => {
  const refused = (options: Parameters<typeof _socketFor>[1]) =>
    expect(_opened(_socketFor(harness, options))).rejects.toThrow('refused with HTTP 403');

  it('refuses a wrong token', async () => {
    await refused({ token: 'A'.repeat(43) });
    await refused({ token: `${harness.token}x` });
    await refused({ token: '' });
  });

  it('refuses a missing token or a missing protocol', async () => {
    await refused({ protocols: [SOCKET_PROTOCOL] });
    await refused({ protocols: [`casike.token.${harness.token}`] });
  });

  it('refuses two tokens, even when one is right', async () => {
    await refused({
      protocols: [SOCKET_PROTOCOL, `casike.token.${harness.token}`, 'casike.token.other'],
    });
  });

  it('refuses a wrong Origin, or none', async () => {
    const { port } = new URL(harness.origin);
    await refused({ origin: 'http://evil.example' });
    await refused({ origin: `http://localhost:${port}` });
    await refused({ origin: `https://127.0.0.1:${port}` });
    await refused({ origin: 'http://127.0.0.1:1' });
    await refused({ origin: 'null' });
    await refused({ origin: null });
  });

  it('refuses other paths', async () => {
    await refused({ path: '/' });
    await refused({ path: '/casike-ws?x=1' });
    await refused({ path: '/casike-ws/' });
  });
});

describe('web harness: the page', () => {
  it('serves index.html with the harness client before the app script, and no inline script', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.map((m) => /\bsrc="([^"]+)"/.exec(m[1] ?? '')?.[1])).toEqual([
        '/casike-harness.js',
        './assets/index-abc.js',
      ]);
      for (const [, , body] of scripts) expect(body).toBe('');
      expect(res.body).toContain('data-channels="vault.status ');
      expect(res.body).toContain('data-events="vault.locked task.progress"');
      expect(res.body).not.toContain(harness.token);
    }
  });

  it("sends the app's CSP with its own ws:// origin added to connect-src", async () => {
    const res = await get('/');
    const csp = res.headers['content-security-policy'];
    const ws = harness.origin.replace('http:', 'ws:');
    expect(csp).toContain(`connect-src 'self' ${ws}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the client script and the assets, with the CSP on each', async () => {
    const client = await get('/casike-harness.js');
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(client.body).toContain("Object.defineProperty(window, 'casike'");
    const asset = await get('/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-security-policy']).toBeDefined();
    const css = await get('/assets/index-abc.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves nothing outside the renderer', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/../../package.json',
      '/..%2f..%2fpackage.json',
      '/%00',
      '/%',
      '/missing.js',
    ]) {
      const res = await get(path);
      expect([400, 404]).toContain(res.status);
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { port } = new URL(harness.origin);
    expect((await get('/', { host: `evil.example:${port}` })).status).toBe(403);
    expect((await get('/', { host: `localhost:${port}` })).status).toBe(403);
  });
});
