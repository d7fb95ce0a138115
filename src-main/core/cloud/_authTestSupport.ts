import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Test-only helpers for the sign-in tests: an authenticator (RFC 6238) that never hands
 * out a code the server has already seen, a "browser" that walks an OIDC provider's pages
 * with plain HTTP (cookies kept, redirects followed, the loopback hop included), and a
 * scan of a data folder for bytes that must never be stored in the clear.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_SECONDS = 30;

export function _totpAt(secretBase32: string, step: number): string {
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '').toUpperCase())
    bits += BASE32.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 1000 / STEP_SECONDS);

/**
 * An authenticator app for one secret. The server accepts one step of drift either way
 * and refuses any step at or before the last one it accepted, so each `fresh()` code is
 * for a later step than the previous one (waiting for the clock when it must).
 */
export class _Authenticator {
  private lastStep = -1;
  constructor(readonly secret: string) {}

  /** The code an app shows now; remembers its step as used. */
  now(): string {
    const step = currentStep();
    this.lastStep = Math.max(this.lastStep, step);
    return _totpAt(this.secret, step);
  }

  /** The code of the most recently used step again (a replay). */
  last(): string {
    return _totpAt(this.secret, this.lastStep);
  }

  /** A six-digit code that is none of the codes the server would accept now. */
  wrong(): string {
    const step = currentStep();
    const valid = new Set([step - 1, step, step + 1].map((s) => _totpAt(this.secret, s)));
    for (let n = 0; ; n += 1) {
      const candidate = String(n).padStart(6, '0');
      if (!valid.has(candidate)) return candidate;
    }
  }

  async fresh(): Promise<string> {
    const step = Math.max(this.lastStep + 1, currentStep());
    while (step > currentStep() + 1) await new Promise((r) => setTimeout(r, 500));
    this.lastStep = step;
    return _totpAt(this.secret, step);
  }
}

/**
 * Plays the system browser from a provider's authorization URL: follows every redirect
 * (keeping cookies, like a browser) until a page answers, which for a loopback redirect
 * is the desktop client's own listener. Returns that final page.
 */
export async function _playBrowser(
  startUrl: string,
): Promise<{ url: string; status: number; text: string }> {
  const jar = new Map<string, string>();
  let url = startUrl;
  for (let hop = 0; hop < 20; hop += 1) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    if (location === null || res.status < 300 || res.status >= 400)
      return { url, status: res.status, text: await res.text() };
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

/** Files under `dir` whose bytes contain `needle` (plain text, as it would sit on disk). */
export function _filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (readFileSync(p).includes(needle)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

/**
 * `casike …` without blocking this process (spawnSync would freeze an in-process fake
 * such as the OIDC provider the command's browser needs to talk to).
 */
export function _runCasikeAsync(
  bin: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
