import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOidc, type FakeOidc } from '../../../sync-server/test/_support/fakeOidc';
import { initVault, openVault, type UnlockedVault } from '../vault';
import { _tempDataDir } from '../vault/_testSupport';
import { _Authenticator, _playBrowser, _runCasikeAsync } from './_authTestSupport';
import { _startServer, type _TestServer } from './_cloudTestSupport';
import { CloudError } from './cloudErrors';
import { loadSession } from './cloudState';
import { cloudStatus, setMfa, signInWithOidc, signOut, type BrowserOpener } from './index';

/*
 * OIDC sign-in from the desktop client, end to end: the real sync server (child process,
 * embedded PGlite) configured with a real OpenID Provider (oidc-provider 9 on 127.0.0.1),
 * and the client's loopback redirect. The injected "system browser" walks the provider's
 * pages with plain HTTP and lands on the client's listener, as a browser would.
 */

const PASS = 'oidc test passphrase';
const BIN = fileURLToPath(new URL('../../../bin/casike.js', import.meta.url));
let idp: FakeOidc;
let server: _TestServer;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  idp = await startFakeOidc();
  server = await _startServer({
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
  });
}, 240_000);
afterAll(async () => {
  for (const c of cleanups) c();
  await server?.close();
  await idp?.close();
});

async function newVault(): Promise<{ vault: UnlockedVault; dataDir: string }> {
  const { dir, cleanup } = _tempDataDir();
  cleanups.push(cleanup);
  await initVault(dir, PASS);
  const vault = await openVault({ dataDir: dir }, { method: 'passphrase', passphrase: PASS });
  cleanups.unshift(() => vault.lock());
  return { vault, dataDir: dir };
}

/** The system browser, played: opens the page and follows it back to the client. */
const browser =
  (seen: string[] = []): BrowserOpener =>
  async (url) => {
    seen.push(url);
    const landed = await _playBrowser(url);
    expect(landed.status).toBe(200);
    expect(landed.text).toContain('Signed in to Casike');
  };

const as = (sub: string) => {
  idp.nextAccount = { sub, email: `${sub}@example.test`, emailVerified: true };
  return `${sub}@example.test`;
};

async function failureOf(p: Promise<unknown>): Promise<CloudError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof CloudError) return error;
    throw error;
  }
  throw new Error('expected a CloudError');
}

describe('OIDC sign-in through the system browser', () => {
  it('signs in with PKCE through a loopback redirect; tokens land in the vault; the listener closes', async () => {
    const { vault } = await newVault();
    const email = as('olga');
    const seen: string[] = [];
    const done = await signInWithOidc(vault, new URL(server.url), { openBrowser: browser(seen) });
    expect(done).toMatchObject({ email, server: server.url, mfa: false });

    const page = new URL(seen[0] ?? '');
    expect(page.origin).toBe(idp.issuer);
    expect(page.searchParams.get('code_challenge_method')).toBe('S256');
    expect(page.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const redirect = new URL(page.searchParams.get('redirect_uri') ?? '');
    expect(redirect.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(redirect.pathname).toBe('/callback');

    const session = loadSession(vault.db);
    expect(session).toMatchObject({ email, serverUrl: server.url });
    expect(session?.refreshToken).toMatch(/^crt_/);
    expect(await cloudStatus(vault)).toMatchObject({ signedIn: true, email });
    const audit = vault.db
      .prepare("SELECT details FROM audit_log WHERE event = 'cloud.signed_in'")
      .pluck()
      .all() as string[];
    expect(audit.join()).toContain('"method":"oidc"');
    // One-shot: the listener is gone once the sign-in is over.
    await expect(fetch(redirect.href)).rejects.toThrow();
  });

  it('the listener ignores stray and forged callbacks and keeps waiting for its own state', async () => {
    const { vault } = await newVault();
    const email = as('petra');
    const done = await signInWithOidc(vault, new URL(server.url), {
      openBrowser: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
        const forged = await fetch(`${redirect.href}?code=stolen&state=cos_forged`);
        expect(forged.status).toBe(400);
        expect(forged.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect((await fetch(new URL('/other', redirect))).status).toBe(404);
        await browser()(url);
      },
    });
    expect(done.email).toBe(email);
  });

  it('says so clearly when the provider refuses or the browser never comes back', async () => {
    const { vault } = await newVault();
    const refused = await failureOf(
      signInWithOidc(vault, new URL(server.url), {
        openBrowser: async (url) => {
          const page = new URL(url);
          const back = new URL(page.searchParams.get('redirect_uri') ?? '');
          back.searchParams.set('state', page.searchParams.get('state') ?? '');
          back.searchParams.set('error', 'access_denied');
          expect((await fetch(back)).status).toBe(200);
        },
      }),
    );
    expect(refused.message).toBe('the sign-in provider refused the sign-in (access_denied)');
    const timedOut = await failureOf(
      signInWithOidc(vault, new URL(server.url), {
        openBrowser: () => Promise.resolve(),
        timeoutMs: 1_000,
      }),
    );
    expect(timedOut.message).toMatch(/did not come back/);
    const noBrowser = await failureOf(
      signInWithOidc(vault, new URL(server.url), {
        openBrowser: () => Promise.reject(new Error('no display')),
      }),
    );
    expect(noBrowser.message).toMatch(/could not open the system browser/);
    expect(loadSession(vault.db)).toBeUndefined();
  });

  it('an account with MFA is challenged after the provider; a trusted device then skips the code', async () => {
    const { vault } = await newVault();
    as('quinn');
    await signInWithOidc(vault, new URL(server.url), { openBrowser: browser() });
    const started = await setMfa(vault, { action: 'start' });
    if (started.action !== 'started') throw new Error('enrolment did not start');
    const app = new _Authenticator(started.secret);
    await setMfa(vault, { action: 'confirm', code: await app.fresh() });
    await signOut(vault);

    const noCode = await failureOf(
      signInWithOidc(vault, new URL(server.url), { openBrowser: browser() }),
    );
    expect(noCode.message).toMatch(/two-step sign-in/);
    const wrong = await failureOf(
      signInWithOidc(vault, new URL(server.url), {
        openBrowser: browser(),
        secondFactor: () => Promise.resolve({ code: app.wrong() }),
      }),
    );
    expect(wrong.message).toMatch(/wrong or was already used/);

    const code = await app.fresh();
    const trusted = await signInWithOidc(vault, new URL(server.url), {
      openBrowser: browser(),
      secondFactor: () => Promise.resolve({ code }),
      trustDevice: true,
    });
    expect(trusted).toMatchObject({ mfa: true, deviceTrusted: true });
    await signOut(vault);
    const skipped = await signInWithOidc(vault, new URL(server.url), { openBrowser: browser() });
    expect(skipped).toMatchObject({ mfa: false, mfaSkipped: true });
  });

  it('casike cloud login --oidc opens $BROWSER and signs in', { timeout: 120_000 }, async () => {
    const { dataDir, vault } = await newVault();
    vault.lock();
    const email = as('rosa');
    // A stand-in for the system browser: follows the provider's redirects, cookies kept,
    // down to the CLI's loopback listener.
    const dir = mkdtempSync(join(tmpdir(), 'casike-browser-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const script = join(dir, 'browser.mjs');
    writeFileSync(
      script,
      `#!/usr/bin/env node
const jar = new Map();
let url = process.argv[2];
for (let hop = 0; hop < 20; hop++) {
  const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => k + '=' + v).join('; ') } });
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0];
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  const location = res.headers.get('location');
  if (location === null) process.exit(res.ok ? 0 : 1);
  url = new URL(location, url).href;
}
`,
    );
    chmodSync(script, 0o755);
    const run = await _runCasikeAsync(BIN, ['cloud', 'login', '--oidc'], {
      CASIKE_DATA_DIR: dataDir,
      CASIKE_PASSPHRASE: PASS,
      CASIKE_CLOUD_URL: server.url,
      BROWSER: script,
    });
    expect(run.stderr).toMatch(/Opening your browser to sign in/);
    expect(run.stdout).toMatch(new RegExp(`Signed in to ${server.url} as ${email}`));
    expect(run.code).toBe(0);
  });
});
