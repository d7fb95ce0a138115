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
    'login by code, status, backup create/list/restore, mfa on a server without it, logout',
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

      // This server has no two-step sign-in routes: a clear line, not a stack.
      _expectOneLineError(casike(['cloud', 'mfa', 'enable']), 1, /not available on this server/);
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
