import { VAULT_FORMAT, type KeySlot, type VaultFile } from './vaultFile';
import { openSealedKey, sealKey, UnwrapError } from './keyWrap';
import { openWithRecoveryKey, sealToRecoveryKey } from './recoveryKey';
import type { StoredDataKey } from './keychain';

type SlotMethod = 'passphrase' | 'recovery';

/** Binds a sealed key to its vault, format, unlock method and key generation. */
export function slotAad(vaultId: string, method: SlotMethod, keyId: string): string {
  return `casike-vault/${vaultId}/format-${VAULT_FORMAT}/${method}/${keyId}`;
}

/** Seals one generation of the data key for every unlock method. */
export function makeKeySlot(
  vault: Pick<VaultFile, 'vaultId' | 'recoveryPublicKey'>,
  passphraseKek: Buffer,
  stored: StoredDataKey,
): KeySlot {
  return {
    keyId: stored.keyId,
    passphrase: sealKey(
      passphraseKek,
      stored.key,
      slotAad(vault.vaultId, 'passphrase', stored.keyId),
    ),
    recovery: sealToRecoveryKey(
      vault.recoveryPublicKey,
      stored.key,
      slotAad(vault.vaultId, 'recovery', stored.keyId),
    ),
  };
}

/** Re-seals existing slots under a new passphrase KEK; recovery seals stay as they are. */
export function resealForPassphrase(
  vault: VaultFile,
  keys: readonly StoredDataKey[],
  kek: Buffer,
): KeySlot[] {
  return vault.keys.map((slot) => {
    const key = keys.find((candidate) => candidate.keyId === slot.keyId);
    if (!key) throw new Error('a key generation is missing while re-sealing');
    return {
      ...slot,
      passphrase: sealKey(kek, key.key, slotAad(vault.vaultId, 'passphrase', slot.keyId)),
    };
  });
}

/**
 * Every key generation the passphrase KEK opens. Throws UnwrapError when it opens
 * none, which is what a wrong passphrase looks like.
 */
export function openSlotsWithPassphrase(vault: VaultFile, kek: Buffer): StoredDataKey[] {
  return openEach(vault, (slot) =>
    openSealedKey(kek, slot.passphrase, slotAad(vault.vaultId, 'passphrase', slot.keyId)),
  );
}

/** Every key generation the recovery secret opens; throws UnwrapError when none. */
export function openSlotsWithRecovery(vault: VaultFile, secret: Buffer): StoredDataKey[] {
  return openEach(vault, (slot) =>
    openWithRecoveryKey(secret, slot.recovery, slotAad(vault.vaultId, 'recovery', slot.keyId)),
  );
}

function openEach(vault: VaultFile, open: (slot: KeySlot) => Buffer): StoredDataKey[] {
  const opened: StoredDataKey[] = [];
  for (const slot of vault.keys) {
    try {
      opened.push({ keyId: slot.keyId, key: open(slot) });
    } catch (error) {
      if (!(error instanceof UnwrapError)) throw error;
    }
  }
  if (opened.length === 0) throw new UnwrapError();
  return opened;
}
