import type { EventName, EventPayload, VaultStatus } from '../../../src-shared/contract';
import {
  deleteVaultFiles,
  initVault,
  openVault,
  recoverVault,
  vaultStatus,
  VaultError,
} from '../vault';
import type { KeychainStore, Unlock, UnlockedVault, VaultDeletion } from '../vault';
import { CoreError } from '../coreError';
import { FileGrants } from './fileGrants';

export const DEFAULT_AUTO_LOCK_MINUTES = 15;
const AUTO_LOCK_SETTING = 'vault.autoLockMinutes';

export interface AppSessionOptions {
  dataDir: string;
  keychain?: KeychainStore;
  /** Pushes a contract event to whoever shows the UI. */
  emit?: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Asks the user for a file (an OS open dialog in the app); null when cancelled. */
  /** Asks the user where to save an export (an OS save dialog); null when cancelled. */
  pickSaveFile?: (suggestedName: string) => Promise<string | null>;
  pickFile?: (purpose: FilePurpose) => Promise<string | null>;
  /**
   * Opens an https link from the cloud (Plaid Hosted Link, Stripe) in the system browser:
   * the shell's openExternal in the app; tests and the web harness inject their own.
   */
  openUrl?: (url: string) => Promise<void>;
}

/** Why a file is being chosen: the dialog's title and filters depend on it. */
export type FilePurpose = 'import' | 'receipt';

type LockReason = EventPayload<'vault.locked'>['reason'];

/**
 * The one open vault of a running app (or web harness), its inactivity timer, and
 * the lock events the UI listens for. Every contract call goes through here.
 */
export class AppSession {
  private vault: UnlockedVault | null = null;
  private timer: NodeJS.Timeout | null = null;
  private autoLockMinutes = DEFAULT_AUTO_LOCK_MINUTES;
  private keychainAvailable: boolean | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Files the user chose in this session, by opaque token. */
  readonly files = new FileGrants();
  /** Export destinations the user chose in a save dialog, by opaque token; never read from. */
  readonly saveTargets = new FileGrants();

  constructor(private readonly options: AppSessionOptions) {}

  get dataDir(): string {
    return this.options.dataDir;
  }

  /** Hands a checked link to the system browser (see AppSessionOptions.openUrl). */
  async openUrl(url: string): Promise<void> {
    if (!this.options.openUrl)
      throw new CoreError('NOT_FOUND', 'this app cannot open a browser; use `casike` instead');
    await this.options.openUrl(url);
  }

  async status(): Promise<VaultStatus> {
    const onDisk = vaultStatus(this.options.dataDir);
    if (this.keychainAvailable === null) {
      this.keychainAvailable = this.options.keychain
        ? (await this.options.keychain.unavailableReason()) === null
        : false;
    }
    return {
      exists: onDisk.exists,
      unlocked: this.vault !== null,
      keychainEnabled: onDisk.keychainEnabled,
      keychainAvailable: this.keychainAvailable,
      autoLockMinutes: this.vault ? this.autoLockMinutes : null,
      failedUnlocksSinceLastUnlock: onDisk.failedUnlocksSinceLastUnlock,
    };
  }

  /** Creates the vault, then unlocks it: the user just typed the passphrase. */
  async create(passphrase: string): Promise<string> {
    const { recoveryKey } = await initVault(this.options.dataDir, passphrase);
    await this.unlock({ method: 'passphrase', passphrase });
    return recoveryKey;
  }

  async unlock(unlock: Unlock): Promise<void> {
    if (this.vault) this.lock('user');
    this.adopt(await openVault(this.context(), unlock));
  }

  async recover(recoveryKey: string, newPassphrase: string): Promise<void> {
    if (this.vault) this.lock('user');
    this.adopt(await recoverVault(this.context(), recoveryKey, newPassphrase));
  }

  /** The open vault for a call; restarts the inactivity timer. */
  requireVault(): UnlockedVault {
    if (!this.vault) throw new VaultError('LOCKED', 'the vault is locked');
    this.touch();
    return this.vault;
  }

  /**
   * Runs calls one at a time. A long task (an import streaming a file) keeps one
   * database transaction open across awaits; no other call may slip into it.
   */
  serialize<T>(work: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  isUnlocked(): boolean {
    return this.vault !== null;
  }

  lock(reason: LockReason): void {
    if (!this.vault) return;
    this.clearTimer();
    const vault = this.vault;
    this.vault = null;
    this.files.clear();
    this.saveTargets.clear();
    vault.lock(reason);
    this.options.emit?.('vault.locked', { reason });
  }

  /**
   * "Delete all data": the passphrase again, then lock and remove every vault file and
   * the keychain entry. With no vault left it only sweeps leftovers (idempotent).
   */
  async deleteVault(passphrase: string): Promise<VaultDeletion> {
    if (vaultStatus(this.options.dataDir).exists) {
      await this.requireVault().confirmPassphrase(passphrase);
      this.lock('user');
    }
    return deleteVaultFiles(this.options.dataDir, this.options.keychain);
  }

  /** Lets the user choose a file and returns a token for it, or null if they cancelled. */
  async chooseFile(purpose: FilePurpose): Promise<{ fileToken: string; name: string } | null> {
    if (!this.options.pickFile) return null;
    const path = await this.options.pickFile(purpose);
    return path ? this.files.grant(path) : null;
  }

  /** Lets the user choose where to save an export; a token for it, or null if cancelled. */
  async chooseSaveFile(suggestedName: string): Promise<{ fileToken: string; name: string } | null> {
    if (!this.options.pickSaveFile) return null;
    const path = await this.options.pickSaveFile(suggestedName);
    return path ? this.saveTargets.grant(path) : null;
  }

  /** Emits a contract event (progress of long tasks). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.options.emit?.(event, payload);
  }

  touch(): void {
    if (!this.vault) return;
    this.clearTimer();
    this.timer = setTimeout(() => this.lock('inactivity'), this.autoLockMinutes * 60_000);
    // The timer must not keep a CLI or test process alive on its own.
    this.timer.unref();
  }

  setAutoLockMinutes(minutes: number): void {
    const vault = this.requireVault();
    vault.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(AUTO_LOCK_SETTING, String(minutes));
    vault.audit('settings.changed', { setting: AUTO_LOCK_SETTING, value: minutes });
    this.autoLockMinutes = minutes;
    this.touch();
  }

  private adopt(vault: UnlockedVault): void {
    this.vault = vault;
    const stored = vault.db
      .prepare('SELECT value FROM settings WHERE key = ?')
      .get(AUTO_LOCK_SETTING) as { value: string } | undefined;
    const minutes = Number(stored?.value);
    this.autoLockMinutes =
      Number.isInteger(minutes) && minutes > 0 ? minutes : DEFAULT_AUTO_LOCK_MINUTES;
    this.touch();
  }

  private context() {
    return { dataDir: this.options.dataDir, keychain: this.options.keychain };
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
