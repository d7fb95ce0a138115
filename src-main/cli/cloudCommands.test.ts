import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { _startServer, type _TestServer } from '../core/cloud/_cloudTestSupport';
import { _tempDataDir } from '../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from './_cliTestSupport';

/* `casike cloud …` and `casike backup …` against the real sync server on 127.0.0.1. */

const PASS = 'cli cloud passphrase';
let server: _TestServer;
let dataDir: string;
let cleanup: () => void;

beforeAll(async () => {
  server = await _startServer();
}, 240_000);
afterAll(async () => server?.close());
beforeEach(() => ({ dir: dataDir, cleanup } = _tempDataDir()));
afterEach(() => cleanup());

const casike = (args: string[], env: Record<string, string | undefined> = {}) =>
  _runCasike(dataDir, PASS, args, { CASIKE_CLOUD_URL: server.url, ...env });

describe('casike cloud and backup', () => {
  it(
    'login by code, status, backup create/list/restore, mfa enable and disable, logout',
    { timeout: 480_000 },
    async () => {
      expect(casike(['init']).code).toBe(0);
      expect(casike(['cloud', 'status']).stdout).toMatch(/Not signed in/);
      const email = `cli-${Date.now()}@example.test`;
      const asked = casike(['cloud', 'login', email]);
      expect(asked.code).toBe(0);
      expect(asked.stderr).toMatch(/Check your email/);
      expect(asked.stdout).toMatch(/casike cloud login --code/);
      expect(casike(['cloud', 'status']).stdout).toMatch(/waiting for its code/);
      const done = casike(['cloud', 'login', '--code', await server.tokenFor(email)]);
      expect(done.stdout).toMatch(new RegExp(`Signed in to ${server.url} as ${email}`));
      const status = JSON.parse(casike(['cloud', 'status', '--json']).stdout) as {
        signedIn: boolean;
        email: string;
      };
      expect(status).toMatchObject({ signedIn: true, email });
      await server.subscribe(email); // uploading backups needs a subscription

      const created = casike(['backup', 'create', '--json']);
      expect(created.code).toBe(0);
      const { backupId } = JSON.parse(created.stdout) as { backupId: string };
      const list = JSON.parse(casike(['backup', 'list', '--json']).stdout) as {
        id: string;
        status: string;
      }[];
      expect(list).toMatchObject([{ id: backupId, status: 'complete' }]);
      const eventsOf = () =>
        (JSON.parse(casike(['audit', 'list', '--json']).stdout) as { event: string }[]).map(
          (e) => e.event,
        );
      expect(eventsOf()).toEqual(expect.arrayContaining(['backup.created', 'cloud.signed_in']));
      const restored = casike(['backup', 'restore', backupId]);
      expect(restored.stdout).toMatch(/Restored backup/);
      expect(casike(['audit', 'verify']).code).toBe(0);
      // The restored log is the snapshot's (taken before `backup.created` was written) plus the restore.
      expect(eventsOf()).toEqual(expect.arrayContaining(['backup.restored', 'cloud.signed_in']));

      // Two-step sign-in: start, confirm with a current code, then turn it off with a recovery code.
      const started = JSON.parse(casike(['--json', 'cloud', 'mfa', 'enable']).stdout) as {
        secret: string;
      };
      const enabled = casike([
        '--json',
        'cloud',
        'mfa',
        'enable',
        '--code',
        totpNow(started.secret),
      ]);
      expect(enabled.code).toBe(0);
      const { recoveryCodes } = JSON.parse(enabled.stdout) as { recoveryCodes: string[] };
      expect(recoveryCodes).toHaveLength(10);
      const disabled = casike([
        'cloud',
        'mfa',
        'disable',
        '--recovery-code',
        recoveryCodes[0] ?? '',
      ]);
      expect(disabled.stdout).toMatch(/Two-step sign-in is off/);
      _expectOneLineError(casike(['backup', 'restore', 'nonsense']), 1, /backup id looks like/);
      _expectOneLineError(casike(['cloud', 'mfa', 'disable']), 2, /exactly one of/);

      expect(casike(['cloud', 'logout']).stdout).toMatch(/Signed out\./);
      _expectOneLineError(casike(['backup', 'list']), 1, /not signed in/);
    },
  );

  it('refuses a cloud server that is not https (loopback aside)', () => {
    expect(casike(['init']).code).toBe(0);
    _expectOneLineError(
      casike(['cloud', 'login', 'a@example.test'], {
        CASIKE_CLOUD_URL: 'http://cloud.example.com',
      }),
      1,
      /must use https/,
    );
    _expectOneLineError(
      casike(['cloud', 'login', 'a@example.test'], { CASIKE_CLOUD_URL: '' }),
      2,
      /which server/,
    );
  });
});

/** RFC 6238 (SHA-1, 6 digits, 30 s) from a base32 secret: what an authenticator app shows now. */
function totpNow(secretBase32: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}
