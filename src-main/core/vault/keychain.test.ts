import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _tempDataDir } from './_testSupport';
import { initVault, openVault, OsKeychain, vaultStatus } from './index';

/**
 * Runs against the real OS keychain. CI runs the suite inside a D-Bus session with
 * gnome-keyring unlocked and sets CASIKE_TEST_REQUIRE_KEYCHAIN=1, so there a missing
 * keychain fails the test instead of skipping it.
 */
const PASS = 'keychain test passphrase';
const keychain = new OsKeychain('Casike-test');
const reason = await keychain.unavailableReason();
const required = process.env.CASIKE_TEST_REQUIRE_KEYCHAIN === '1';

describe('OS keychain availability', () => {
  it.runIf(required)('answers in CI (gnome-keyring inside dbus-run-session)', () => {
    expect(reason).toBeNull();
  });
});

describe.skipIf(reason !== null && !required)('keychain unlock round trip', () => {
  let dataDir: string;
  let cleanup: () => void;
  const ctx = () => ({ dataDir, keychain });

  beforeEach(async () => {
    ({ dir: dataDir, cleanup } = _tempDataDir());
    await initVault(dataDir, PASS);
  });
  afterEach(async () => {
    const file = vaultStatus(dataDir);
    if (file.vaultId) await keychain.remove(file.vaultId).catch(() => undefined);
    cleanup();
  });

  it('enables, unlocks without the passphrase, survives a key rotation, and disables', async () => {
    const vault = await openVault(ctx(), { method: 'passphrase', passphrase: PASS });
    await expect(openVault(ctx(), { method: 'keychain' })).rejects.toMatchObject({
      code: 'KEYCHAIN_NOT_ENABLED',
    });
    await vault.enableKeychain();
    vault.db.prepare("INSERT INTO settings VALUES ('k', 'v')").run();
    vault.lock();
    expect(vaultStatus(dataDir).keychainEnabled).toBe(true);

    const viaKeychain = await openVault(ctx(), { method: 'keychain' });
    expect(viaKeychain.db.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({
      value: 'v',
    });
    await viaKeychain.rotateKey(PASS);
    viaKeychain.lock();

    const afterRotation = await openVault(ctx(), { method: 'keychain' });
    expect(afterRotation.listAudit(100).map((row) => row.event)).toEqual(
      expect.arrayContaining(['vault.keychain_enabled', 'vault.key_rotated']),
    );
    expect((await keychain.load(afterRotation.vaultId))?.length).toBe(1);
    await afterRotation.disableKeychain();
    const vaultId = afterRotation.vaultId;
    afterRotation.lock();

    expect(await keychain.load(vaultId)).toBeNull();
    await expect(openVault(ctx(), { method: 'keychain' })).rejects.toMatchObject({
      code: 'KEYCHAIN_NOT_ENABLED',
    });
    (await openVault(ctx(), { method: 'passphrase', passphrase: PASS })).lock();
  });

  it('falls back to the passphrase when the keychain entry is gone', async () => {
    const vault = await openVault(ctx(), { method: 'passphrase', passphrase: PASS });
    await vault.enableKeychain();
    const vaultId = vault.vaultId;
    vault.lock();
    await keychain.remove(vaultId);
    await expect(openVault(ctx(), { method: 'keychain' })).rejects.toMatchObject({
      code: 'WRONG_SECRET',
    });
  });
});
