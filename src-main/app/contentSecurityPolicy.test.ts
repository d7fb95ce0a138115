import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, createAppProtocolHandler } from './appProtocol';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(map.has(name), `directive ${name} listed twice`).toBe(false);
    map.set(name, values);
  }
  return map;
}

describe('Content-Security-Policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it("defaults to 'none' and runs only our own scripts", () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src') ?? policy.get('default-src')).toEqual(["'none'"]);
  });

  it('never allows inline code, eval, or a wildcard source', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|strict-dynamic|wasm-unsafe/);
    for (const [name, values] of policy) {
      for (const value of values) {
        expect(value, name).not.toMatch(/^\*|^https?:$|^http:|^ws:|^file:|^'nonce-|^'sha/);
      }
    }
  });

  it('can talk to nothing but its own origin, and cannot be framed or re-based', () => {
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.has('frame-src') || policy.has('child-src')).toBe(false); // falls back to 'none'
  });
});

describe('app:// protocol handler', () => {
  let root: string;
  let outside: string;

  beforeAll(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'casike-protocol-'));
    root = path.join(base, 'renderer');
    outside = path.join(base, 'secret.txt');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Casike</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'export {};');
    fs.writeFileSync(outside, 'not for the renderer');
    fs.symlinkSync(outside, path.join(root, 'link.txt'));
  });
  afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  const get = (url: string, method = 'GET') =>
    createAppProtocolHandler(root)(new Request(url, { method }));

  it('serves the built renderer with the CSP and nosniff on every response', async () => {
    // 'refused': 403 or 404 (the URL parser may already fold `..` away); never the file.
    const cases: Array<[string, number | 'refused', string]> = [
      [APP_ENTRY_URL, 200, 'text/html; charset=utf-8'],
      [`${APP_ORIGIN}/assets/app.js`, 200, 'text/javascript; charset=utf-8'],
      [`${APP_ORIGIN}/missing.js`, 404, 'text/plain; charset=utf-8'],
      [`${APP_ORIGIN}/%2e%2e/secret.txt`, 'refused', 'text/plain; charset=utf-8'],
      [`${APP_ORIGIN}/..%2fsecret.txt`, 403, 'text/plain; charset=utf-8'],
      [`${APP_ORIGIN}/link.txt`, 403, 'text/plain; charset=utf-8'],
      ['app://other/index.html', 404, 'text/plain; charset=utf-8'],
    ];
    for (const [url, status, type] of cases) {
      const response = await get(url);
      if (status === 'refused') expect([403, 404], url).toContain(response.status);
      else expect(response.status, url).toBe(status);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      if (status !== 200) expect(await response.text(), url).toBe('');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get(APP_ENTRY_URL, 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
