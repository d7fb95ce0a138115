import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _Authenticator, _filesContaining } from '../core/cloud/_authTestSupport';
import { _startServer, type _TestServer } from '../core/cloud/_cloudTestSupport';
import { hasTrustedDeviceToken } from '../core/cloud/trustedDevice';
import { openVault } from '../core/vault';
import { _tempDataDir } from '../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from './_cliTestSupport';

/*
 * `casike cloud login` against an account with two-step sign-in, and trusted devices,
 * all against the real sync server on 127.0.0.1 (embedded PGlite). The test is the
 * authenticator app: it computes the TOTP codes from the enrolment secret.
 */

const PASS = 'cli sign-in passphrase';
let server: _TestServer;
let dataDir: string;
let cleanup: () => void;

beforeAll(async () => {
  server = await _startServer();
  ({ dir: dataDir, cleanup } = _tempDataDir());
  expect(_runCasike(dataDir, PASS, ['init']).code).toBe(0);
}, 240_000);
afterAll(async () => {
  cleanup?.();
  await server?.close();
});

const casike = (args: string[], env: Record<string, string | undefined> = {}) =>
  _runCasike(dataDir, PASS, args, { CASIKE_CLOUD_URL: server.url, ...env });

const mailsTo = (email: string) =>
  server
    .output()
    .split('--- development mail')
    .filter((m) => m.includes(`To: ${email}`));

/** The token of a mail to `email` newer than the `before` mails seen earlier. */
async function newTokenFor(email: string, before: number): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const mails = mailsTo(email);
    const token = /\bcml_[A-Za-z0-9_-]{43}\b/.exec(mails.at(-1) ?? '')?.[0];
    if (mails.length > before && token !== undefined) return token;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no new sign-in mail for ${email}`);
}

/** Asks for a link, then finishes with its code and `extra` (one process each, like a script). */
async function login(email: string, extra: string[] = []) {
  const before = mailsTo(email).length;
  const asked = casike(['cloud', 'login', email]);
  expect(asked.code).toBe(0);
  return casike(['cloud', 'login', '--code', await newTokenFor(email, before), ...extra]);
}

function logout(): void {
  expect(casike(['cloud', 'logout']).stdout).toMatch(/Signed out\./);
}

async function vaultHoldsTrustToken(): Promise<boolean> {
  const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: PASS });
  try {
    return hasTrustedDeviceToken(vault.db);
  } finally {
    vault.lock();
  }
}

/** Signs a new account in and turns MFA on; returns its authenticator and recovery codes. */
async function accountWithMfa(email: string) {
  expect((await login(email)).stdout).toMatch(/Signed in/);
  const started = JSON.parse(casike(['--json', 'cloud', 'mfa', 'enable']).stdout) as {
    secret: string;
  };
  const app = new _Authenticator(started.secret);
  const enabled = casike(['--json', 'cloud', 'mfa', 'enable', '--code', await app.fresh()]);
  expect(enabled.code).toBe(0);
  const { recoveryCodes } = JSON.parse(enabled.stdout) as { recoveryCodes: string[] };
  logout();
  return { app, recoveryCodes };
}

// The server sends at most 5 sign-in mails per address per 15 minutes: each test below
// uses its own account and stays within that.
describe('casike cloud login with two-step sign-in and trusted devices', () => {
  it(
    'once MFA is on, sign-in is challenged; missing, malformed, wrong and replayed codes are refused; the right code signs in',
    { timeout: 300_000 },
    async () => {
      const email = `mfa-cli-${Date.now()}@example.test`;
      const { app } = await accountWithMfa(email);

      // Without a code (and no terminal to ask on) the sign-in says what is missing.
      _expectOneLineError(await login(email), 1, /two-step sign-in: sign in again with --mfa-code/);
      // A malformed code is refused before anything is sent (no emailed link is used up).
      _expectOneLineError(
        casike(['cloud', 'login', '--code', 'cml_x', '--mfa-code', '12345']),
        1,
        /--mfa-code must be the 6 digits/,
      );
      _expectOneLineError(
        casike(['cloud', 'login', email, '--mfa-code', '123456', '--recovery-code', 'aaaaa-bbbbb']),
        2,
        /one of --mfa-code and --recovery-code/,
      );
      // A wrong code: one clear line, and no session.
      _expectOneLineError(
        await login(email, ['--mfa-code', app.wrong()]),
        1,
        /two-step code is wrong or was already used/,
      );
      expect(casike(['cloud', 'status']).stdout).toMatch(/Not signed in/);

      // The right code signs in, once.
      const right = await app.fresh();
      const done = await login(email, ['--json', '--mfa-code', right]);
      expect(done.code).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({
        status: 'signed_in',
        email,
        mfa: true,
        deviceTrusted: false,
      });
      logout();
      _expectOneLineError(
        await login(email, ['--mfa-code', right]),
        1,
        /two-step code is wrong or was already used/,
      );
    },
  );

  it(
    'a trusted device skips the code until revoked, its token only in the vault; a recovery code works once',
    { timeout: 300_000 },
    async () => {
      const email = `trust-cli-${Date.now()}@example.test`;
      const { app, recoveryCodes } = await accountWithMfa(email);
      const [recovery = ''] = recoveryCodes;

      // Trust this device: its token is kept in the vault (encrypted), in no plain file.
      expect(await vaultHoldsTrustToken()).toBe(false);
      const trusted = await login(email, ['--mfa-code', await app.fresh(), '--trust-device']);
      expect(trusted.stdout).toMatch(/This device is trusted for 30 days/);
      expect(trusted.stdout + trusted.stderr).not.toMatch(/ctd_/);
      expect(await vaultHoldsTrustToken()).toBe(true);
      expect(_filesContaining(dataDir, 'ctd_')).toEqual([]);
      logout();

      // The next sign-in sends it and skips the code.
      const skipped = await login(email, ['--json']);
      expect(skipped.code).toBe(0);
      expect(JSON.parse(skipped.stdout)).toMatchObject({ mfa: false, mfaSkipped: true });

      // Listed, then revoked.
      const listed = JSON.parse(casike(['cloud', 'devices', 'list', '--json']).stdout) as {
        id: string;
        deviceName: string;
        expiresAt: string;
      }[];
      expect(listed).toHaveLength(1);
      const [device] = listed;
      expect(device?.deviceName).toMatch(/^Casike on /);
      const days = (Date.parse(device?.expiresAt ?? '') - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThanOrEqual(30);
      expect(casike(['cloud', 'devices', 'list']).stdout).toContain(device?.id ?? '?');
      _expectOneLineError(casike(['cloud', 'devices', 'revoke', 'nonsense']), 1, /device id/);
      expect(casike(['cloud', 'devices', 'revoke', device?.id ?? '']).stdout).toMatch(
        /Revoked trusted device/,
      );
      _expectOneLineError(
        casike(['cloud', 'devices', 'revoke', device?.id ?? '']),
        1,
        /no trusted device/,
      );
      expect(JSON.parse(casike(['cloud', 'devices', 'list', '--json']).stdout)).toEqual([]);
      logout();

      // After the revoke the same device is challenged again (here answered with a
      // recovery code), and its dead token is dropped.
      const challenged = await login(email, ['--json', '--recovery-code', recovery]);
      expect(JSON.parse(challenged.stdout)).toMatchObject({ mfa: true, mfaSkipped: false });
      expect(await vaultHoldsTrustToken()).toBe(false);
      logout();
      // The recovery code worked once.
      _expectOneLineError(
        await login(email, ['--recovery-code', recovery]),
        1,
        /two-step code is wrong or was already used/,
      );
    },
  );

  it('--oidc needs a server with a sign-in provider, and takes no EMAIL', () => {
    _expectOneLineError(
      casike(['cloud', 'login', 'someone@example.test', '--oidc']),
      2,
      /--oidc signs in through the browser/,
    );
    _expectOneLineError(casike(['cloud', 'login', '--oidc']), 1, /no sign-in provider/);
  });
});
