import { UnwrapError } from './keyWrap';
import type { KeychainStore, StoredDataKey } from './keychain';
import { openSlotsWithPassphrase, openSlotsWithRecovery } from './keySlots';
import { derivePassphraseKek } from './passphraseKdf';
import { parseRecoveryKey, RecoveryKeyFormatError } from './recoveryKey';
import type { VaultFile } from './vaultFile';
import { VaultError } from './vaultErrors';

/** How the user unlocks: what they know, what they wrote down, or this device's keychain. */
export type Unlock =
  | { method: 'passphrase'; passphrase: string }
  | { method: 'recovery'; recoveryKey: string }
  | { method: 'keychain' };

export type UnlockMethod = Unlock['method'];

/**
 * Turns an unlock secret into the data key generations it opens. A wrong secret is
 * VaultError WRONG_SECRET; a recovery key with a typo is BAD_INPUT (its checksum
 * says so before any cryptography runs).
 */
export async function unlockCandidates(
  vault: VaultFile,
  unlock: Unlock,
  keychain: KeychainStore | undefined,
): Promise<StoredDataKey[]> {
  switch (unlock.method) {
    case 'passphrase': {
      const kek = await derivePassphraseKek(unlock.passphrase, vault.passphraseKdf);
      try {
        return openSlotsWithPassphrase(vault, kek);
      } catch (error) {
        throw wrongSecret(error, 'wrong passphrase');
      } finally {
        kek.fill(0);
      }
    }
    case 'recovery': {
      let secret: Buffer;
      try {
        secret = parseRecoveryKey(unlock.recoveryKey);
      } catch (error) {
        if (error instanceof RecoveryKeyFormatError)
          throw new VaultError('BAD_INPUT', error.message);
        throw error;
      }
      try {
        return openSlotsWithRecovery(vault, secret);
      } catch (error) {
        throw wrongSecret(error, 'this recovery key does not belong to this vault');
      } finally {
        secret.fill(0);
      }
    }
    case 'keychain': {
      if (!vault.keychain.enabled) {
        throw new VaultError(
          'KEYCHAIN_NOT_ENABLED',
          'keychain unlock is not enabled for this vault',
        );
      }
      if (!keychain)
        throw new VaultError('KEYCHAIN_UNAVAILABLE', 'no OS keychain is available here');
      const stored = await keychain.load(vault.vaultId).catch((error: unknown) => {
        throw new VaultError(
          'KEYCHAIN_UNAVAILABLE',
          error instanceof Error ? error.message : 'keychain error',
        );
      });
      const known = (stored ?? []).filter((entry) =>
        vault.keys.some((slot) => slot.keyId === entry.keyId),
      );
      if (known.length === 0) {
        throw new VaultError(
          'WRONG_SECRET',
          'the keychain holds no key for this vault; unlock with the passphrase',
        );
      }
      return known;
    }
  }
}

function wrongSecret(error: unknown, message: string): unknown {
  return error instanceof UnwrapError ? new VaultError('WRONG_SECRET', message) : error;
}
