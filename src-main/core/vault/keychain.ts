import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { z } from 'zod';

/**
 * "Unlock automatically on this device": the data key kept in the OS keychain
 * (macOS Keychain, Windows Credential Manager, Linux Secret Service).
 *
 * On Linux the store is pinned to Secret Service. The library would otherwise fall
 * back to the kernel keyring, which is weaker (memory only, any process of the user
 * can read it) — DESIGN.md forbids a silent fallback, so without a Secret Service
 * the keychain is reported unavailable instead.
 */
export interface KeychainStore {
  /** Null when a real keychain answers; otherwise a one-line reason it does not. */
  unavailableReason(): Promise<string | null>;
  load(vaultId: string): Promise<StoredDataKey[] | null>;
  save(vaultId: string, keys: readonly StoredDataKey[]): Promise<void>;
  remove(vaultId: string): Promise<void>;
}

/** During a key rotation both generations are stored, so either opens the vault. */
export interface StoredDataKey {
  keyId: string;
  key: Buffer;
}

const SERVICE = 'Casike';
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };
const StoredSchema = z.object({
  version: z.literal(1),
  keys: z
    .array(z.object({ keyId: z.string(), key: z.string() }))
    .min(1)
    .max(2),
});

export class KeychainUnavailableError extends Error {
  constructor(reason: string) {
    super(`the OS keychain is not available: ${reason}`);
    this.name = 'KeychainUnavailableError';
  }
}

export class OsKeychain implements KeychainStore {
  constructor(private readonly service: string = SERVICE) {}

  async unavailableReason(): Promise<string | null> {
    // A write, read and delete of a throwaway entry: some backends answer lookups
    // but refuse writes (a locked or read-only collection).
    try {
      // Creating the entry already fails when no backend answers (no D-Bus session).
      const probe = this.entry(`probe-${process.pid}-${Date.now()}`);
      await probe.setPassword('probe');
      const back = await probe.getPassword();
      await probe.deleteCredential();
      return back === 'probe' ? null : 'the keychain did not return what was stored';
    } catch (error) {
      return describeKeychainError(error);
    }
  }

  async load(vaultId: string): Promise<StoredDataKey[] | null> {
    const text = await this.call(() => this.entry(vaultId).getPassword());
    if (text === null) return null;
    const parsed = StoredSchema.safeParse(safeJson(text));
    if (!parsed.success) return null;
    return parsed.data.keys.map((stored) => ({
      keyId: stored.keyId,
      key: Buffer.from(stored.key, 'base64'),
    }));
  }

  async save(vaultId: string, keys: readonly StoredDataKey[]): Promise<void> {
    const payload = JSON.stringify({
      version: 1,
      keys: keys.map((stored) => ({ keyId: stored.keyId, key: stored.key.toString('base64') })),
    });
    await this.call(() => this.entry(vaultId).setPassword(payload));
  }

  async remove(vaultId: string): Promise<void> {
    await this.call(() => this.entry(vaultId).deleteCredential());
  }

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, `vault:${account}`, ENTRY_OPTIONS);
  }

  private async call<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new KeychainUnavailableError(describeKeychainError(error));
    }
  }
}

/** Keeps the backend's words but never more than one line of them. */
function describeKeychainError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]?.trim() ?? '';
  return firstLine.length > 0 ? firstLine.slice(0, 200) : 'no keychain backend answered';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
