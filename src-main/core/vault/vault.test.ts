import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _dangerouslyReadDataKey, _tempDataDir } from './_testSupport';
import { _readWithIndependentSqlcipher } from './_independentReader';
import {
  initVault,
  openVault,
  recoverVault,
  vaultStatus,
  VaultError,
  type UnlockedVault,
} from './index';
import { databasePath, readVaultFile } from './vaultFile';

const PASS = 'correct horse battery staple';
const NEW_PASS = 'a different passphrase';
const MARKER = 'ZEBRA-PLAINTEXT-MARKER-7731';

let dataDir: string;
let cleanup: () => void;
let recoveryKey: string;

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  ({ recoveryKey } = await initVault(dataDir, PASS));
});
afterEach(() => cleanup());

const open = (passphrase = PASS) => openVault({ dataDir }, { method: 'passphrase', passphrase });

function insertRows(vault: UnlockedVault, count: number): void {
  const insert = vault.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  vault.db.transaction(() => {
    for (let i = 0; i < count; i += 1) insert.run(`row-${i}`, `${MARKER}-${i}`);
  })();
}

function rowCount(vault: UnlockedVault): number {
  return (
    vault.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'row-%'").get() as {
      n: number;
    }
  ).n;
}

async function expectWrongSecret(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code: 'WRONG_SECRET' });
}

describe('vault at rest', () => {
  it('stores nothing in plaintext: no SQLite header, no stored text, no key material', async () => {
    const vault = await open();
    insertRows(vault, 100);
    vault.lock();
    const files = readdirSync(dataDir);
    expect(files.sort()).toEqual(['casike.db', 'vault.json']);
    const key = await _dangerouslyReadDataKey(dataDir, PASS);
    for (const name of files) {
      const bytes = readFileSync(join(dataDir, name));
      expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
      expect(bytes.includes(Buffer.from(MARKER))).toBe(false);
      expect(bytes.includes(Buffer.from(PASS))).toBe(false);
      expect(bytes.includes(key)).toBe(false);
      expect(bytes.includes(Buffer.from(key.toString('hex')))).toBe(false);
      expect(bytes.includes(Buffer.from(key.toString('base64')))).toBe(false);
    }
  });

  it('is standard SQLCipher 4: an independent reader opens it with the data key and fails without', async () => {
    const vault = await open();
    insertRows(vault, 3);
    vault.lock();
    const key = await _dangerouslyReadDataKey(dataDir, PASS);
    const rows = await _readWithIndependentSqlcipher(
      databasePath(dataDir),
      key,
      "SELECT value FROM settings WHERE key = 'row-1'",
    );
    expect(rows).toEqual([{ value: `${MARKER}-1` }]);
    await expect(
      _readWithIndependentSqlcipher(databasePath(dataDir), null, 'SELECT * FROM settings'),
    ).rejects.toThrow();
    const wrong = Buffer.from(key);
    wrong[0] = (wrong[0] ?? 0) ^ 1;
    await expect(
      _readWithIndependentSqlcipher(databasePath(dataDir), wrong, 'SELECT * FROM settings'),
    ).rejects.toThrow(/not a database|encrypted/);
  });

  it('runs in WAL mode with the schema version stamped', async () => {
    const vault = await open();
    expect(vault.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(vault.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    expect(vault.db.pragma('foreign_keys', { simple: true })).toBe(1);
    vault.lock();
  });

  it('refuses a second init over an existing vault and leaves it intact', async () => {
    await expect(initVault(dataDir, PASS)).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
    (await open()).lock();
  });

  it('refuses a weak new passphrase with a one-line reason', async () => {
    const other = _tempDataDir();
    await expect(initVault(other.dir, 'short')).rejects.toThrow('at least 8 characters');
    other.cleanup();
  });
});

describe('unlocking', () => {
  it('rejects a wrong passphrase, and logs the failed attempt at the next unlock', async () => {
    await expectWrongSecret(open('not the passphrase'));
    expect(vaultStatus(dataDir).failedUnlocksSinceLastUnlock).toBe(1);
    const vault = await open();
    const events = vault.listAudit().map((row) => row.event);
    expect(events).toEqual(['vault.unlocked', 'vault.unlock_failed', 'vault.created']);
    expect(vaultStatus(dataDir).failedUnlocksSinceLastUnlock).toBe(0);
    vault.lock();
  });

  it('locks: closes the database and refuses further use', async () => {
    const vault = await open();
    vault.lock();
    expect(vault.isOpen).toBe(false);
    expect(() => vault.db).toThrow(VaultError);
    const again = await open();
    expect(again.listAudit(1)[0]?.event).toBe('vault.unlocked');
    expect(again.listAudit(2)[1]?.event).toBe('vault.locked');
    again.lock();
  });

  it('says clearly when there is no vault', async () => {
    const empty = _tempDataDir();
    await expect(
      openVault({ dataDir: empty.dir }, { method: 'passphrase', passphrase: PASS }),
    ).rejects.toMatchObject({
      code: 'NO_VAULT',
    });
    empty.cleanup();
  });
});

describe('passphrase change, recovery and key rotation', () => {
  it('changes the passphrase: rows kept, old passphrase refused, recovery key still works, audited', async () => {
    const vault = await open();
    insertRows(vault, 250);
    await expectWrongSecret(vault.changePassphrase('wrong current', NEW_PASS));
    await vault.changePassphrase(PASS, NEW_PASS);
    vault.lock();

    await expectWrongSecret(open(PASS));
    const reopened = await open(NEW_PASS);
    expect(rowCount(reopened)).toBe(250);
    expect(reopened.listAudit(100).map((row) => row.event)).toContain('vault.passphrase_changed');
    expect(reopened.verifyAudit().ok).toBe(true);
    reopened.lock();

    const viaRecovery = await openVault({ dataDir }, { method: 'recovery', recoveryKey });
    expect(rowCount(viaRecovery)).toBe(250);
    viaRecovery.lock();
  });

  it('rotates the data key: every row kept, the old key no longer decrypts, all unlocks still work', async () => {
    const vault = await open();
    insertRows(vault, 1000);
    const oldKey = await _dangerouslyReadDataKey(dataDir, PASS);
    const steps: string[] = [];
    await vault.rotateKey(PASS, (step) => steps.push(step));
    expect(steps).toEqual(['prepared', 'keychain-both', 'rekeyed', 'rechained', 'finished']);
    insertRows(vault, 0);
    vault.lock();

    const newKey = await _dangerouslyReadDataKey(dataDir, PASS);
    expect(newKey.equals(oldKey)).toBe(false);
    await expect(
      _readWithIndependentSqlcipher(databasePath(dataDir), oldKey, 'SELECT 1 FROM settings'),
    ).rejects.toThrow();
    const rows = await _readWithIndependentSqlcipher(
      databasePath(dataDir),
      newKey,
      "SELECT count(*) AS n FROM settings WHERE key LIKE 'row-%'",
    );
    expect(rows).toEqual([{ n: 1000 }]);
    expect(readVaultFile(dataDir)?.keys).toHaveLength(1);
    expect(readVaultFile(dataDir)?.rotation).toBeNull();

    const reopened = await open();
    expect(rowCount(reopened)).toBe(1000);
    const verdict = reopened.verifyAudit();
    expect(verdict.ok).toBe(true);
    expect(reopened.listAudit(100).map((row) => row.event)).toContain('vault.key_rotated');
    reopened.lock();

    const viaRecovery = await openVault({ dataDir }, { method: 'recovery', recoveryKey });
    expect(rowCount(viaRecovery)).toBe(1000);
    viaRecovery.lock();
  });

  it('recovers with the recovery key and a new passphrase', async () => {
    const vault = await recoverVault({ dataDir }, recoveryKey, NEW_PASS);
    vault.lock();
    await expectWrongSecret(open(PASS));
    const reopened = await open(NEW_PASS);
    expect(reopened.listAudit(100).map((row) => row.event)).toContain('vault.recovered');
    reopened.lock();
  });

  it('rejects a recovery key from another vault as wrong, and a mistyped one as bad input', async () => {
    const other = _tempDataDir();
    const { recoveryKey: foreign } = await initVault(other.dir, PASS);
    other.cleanup();
    await expectWrongSecret(openVault({ dataDir }, { method: 'recovery', recoveryKey: foreign }));
    const typo = (recoveryKey[0] === 'A' ? 'B' : 'A') + recoveryKey.slice(1);
    await expect(
      openVault({ dataDir }, { method: 'recovery', recoveryKey: typo }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });

  it('refuses to rotate while another connection has the vault open, and changes nothing', async () => {
    const first = await open();
    const second = await open();
    await expect(first.rotateKey(PASS)).rejects.toMatchObject({ code: 'BUSY' });
    second.lock();
    first.lock();
    const reopened = await open();
    expect(readVaultFile(dataDir)?.rotation).toBeNull();
    expect(reopened.verifyAudit().ok).toBe(true);
    reopened.lock();
  });
});
