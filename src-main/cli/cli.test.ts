import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../core/db/openDatabase';
import { _dangerouslyReadDataKey, _tempDataDir } from '../core/vault/_testSupport';
import { databasePath } from '../core/vault/vaultFile';
import { _expectOneLineError, _runCasike } from './_cliTestSupport';

const PASS = 'cli test passphrase';

let dataDir: string;
let cleanup: () => void;

beforeEach(() => ({ dir: dataDir, cleanup } = _tempDataDir()));
afterEach(() => cleanup());

const casike = (args: string[], env: Record<string, string | undefined> = {}) =>
  _runCasike(dataDir, PASS, args, env);
const expectOneLineError = _expectOneLineError;

function init(): string {
  const run = casike(['init', '--json']);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { recoveryKey: string }).recoveryKey;
}

function auditEvents(env: Record<string, string> = {}): string[] {
  const run = casike(['audit', 'list', '--json', '--limit', '100'], env);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { event: string }[]).map((row) => row.event);
}

describe('casike CLI', () => {
  it('init creates a vault, prints the recovery key once, and leaves no plaintext behind', () => {
    const recoveryKey = init();
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
    expect(readdirSync(dataDir).sort()).toEqual(['casike.db', 'vault.json']);
    for (const name of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, name));
      expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
      expect(bytes.includes(Buffer.from(PASS))).toBe(false);
      expect(bytes.includes(Buffer.from(recoveryKey))).toBe(false);
      expect(bytes.includes(Buffer.from(recoveryKey.replace(/-/g, '')))).toBe(false);
    }
    expectOneLineError(casike(['init']), 1, /already exists/);
    const status = JSON.parse(casike(['status', '--json']).stdout) as { exists: boolean };
    expect(status.exists).toBe(true);
  });

  it('wrong passphrase: exit 3 and one line', () => {
    init();
    expectOneLineError(
      casike(['audit', 'verify'], { CASIKE_PASSPHRASE: 'not it at all' }),
      3,
      /^casike: wrong passphrase$/,
    );
  });

  it('no vault: exit 1 with a hint; status says so with exit 0', () => {
    expectOneLineError(casike(['audit', 'verify']), 1, /no vault .*casike init/);
    const status = casike(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ exists: false });
  });

  it('usage errors exit 2, bad values exit 1', () => {
    expectOneLineError(casike(['frobnicate']), 2, /unknown command/);
    expectOneLineError(casike(['audit', 'list', '--limit', 'lots']), 1, /whole number/);
    expectOneLineError(casike(['add', 'expense']), 2, /required option/);
    expect(casike(['--help']).code).toBe(0);
  });

  it('passphrase change, key rotation and recovery keep the vault usable and are audited', () => {
    const recoveryKey = init();
    const changed = casike(['passphrase', 'change'], {
      CASIKE_NEW_PASSPHRASE: 'second cli passphrase',
    });
    expect(changed.code).toBe(0);
    expectOneLineError(casike(['audit', 'verify']), 3, /wrong passphrase/);
    const second = { CASIKE_PASSPHRASE: 'second cli passphrase' };
    expect(casike(['key', 'rotate'], second).code).toBe(0);
    expect(auditEvents(second)).toEqual(
      expect.arrayContaining(['vault.passphrase_changed', 'vault.key_rotated']),
    );

    expectOneLineError(
      casike(['recover'], {
        CASIKE_RECOVERY_KEY: 'AAAA-BBBB',
        CASIKE_NEW_PASSPHRASE: 'third cli passphrase',
      }),
      1,
      /not a valid recovery key/,
    );
    const recovered = casike(['recover'], {
      CASIKE_RECOVERY_KEY: recoveryKey.toLowerCase(),
      CASIKE_NEW_PASSPHRASE: 'third cli passphrase',
    });
    expect(recovered.code).toBe(0);
    const third = { CASIKE_PASSPHRASE: 'third cli passphrase' };
    expect(casike(['audit', 'verify'], third).stdout).toMatch(/Audit log intact/);
    expect(auditEvents(third)).toContain('vault.recovered');
    // Nine spawned commands, three of them Argon2id twice: slow on a loaded machine.
  }, 180_000);

  it('audit verify exits 1 and names the row when the log was tampered with', async () => {
    init();
    const db = openEncryptedDatabase(
      databasePath(dataDir),
      await _dangerouslyReadDataKey(dataDir, PASS),
    );
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET details = '{"format":2}' WHERE seq = 1`).run();
    db.close();
    expectOneLineError(casike(['audit', 'verify']), 1, /audit log tampered: row 1 was altered/);
  });

  it('keychain enable without a keychain backend says so, exits 1 and changes nothing', () => {
    init();
    const before = readFileSync(join(dataDir, 'vault.json'), 'utf8');
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/casike-test-bus' };
    expectOneLineError(
      casike(['keychain', 'enable'], noKeychain),
      1,
      /OS keychain is not available/,
    );
    const after = JSON.parse(readFileSync(join(dataDir, 'vault.json'), 'utf8')) as {
      keychain: unknown;
    };
    expect(after.keychain).toEqual({ enabled: false });
    // Only the audit head moved (the unlock and lock were recorded); the keys are untouched.
    expect((JSON.parse(before) as { keys: unknown }).keys).toEqual(
      (after as unknown as { keys: unknown }).keys,
    );
  });
});
