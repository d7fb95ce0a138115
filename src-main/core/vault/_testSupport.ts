import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSlotsWithPassphrase } from './keySlots';
import { derivePassphraseKek } from './passphraseKdf';
import { readVaultFile } from './vaultFile';

/** Test-only helpers. Never import from production code. */

/** A fresh temporary data dir and a function that removes it. */
export function _tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'casike-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Unseals the current data key straight from vault.json, the way the vault does,
 * so tests can hand it to an independent SQLCipher reader.
 */
export async function _dangerouslyReadDataKey(
  dataDir: string,
  passphrase: string,
): Promise<Buffer> {
  const file = readVaultFile(dataDir);
  if (!file) throw new Error('no vault');
  const opened = openSlotsWithPassphrase(
    file,
    await derivePassphraseKek(passphrase, file.passphraseKdf),
  );
  const current = opened[0];
  if (!current) throw new Error('no key');
  return current.key;
}

/** A new vault in a temp dir, unlocked. `close()` locks it and removes the dir. */
export async function _openTempVault(): Promise<{
  vault: import('./unlockedVault').UnlockedVault;
  dataDir: string;
  close: () => void;
}> {
  const { initVault } = await import('./vaultCreate');
  const { openVault } = await import('./vaultOpen');
  const { dir, cleanup } = _tempDataDir();
  await initVault(dir, 'temporary test passphrase');
  const vault = await openVault(
    { dataDir: dir },
    { method: 'passphrase', passphrase: 'temporary test passphrase' },
  );
  return {
    vault,
    dataDir: dir,
    close: () => {
      if (vault.isOpen) vault.lock();
      cleanup();
    },
  };
}
