import {
  OsKeychain,
  openVault,
  resolveDataDir,
  type UnlockedVault,
  type VaultContext,
} from '../core/vault';
import { vaultStatus } from '../core/vault';
import { secretFrom } from './secretPrompt';

/** Options every command accepts. */
export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

/** What a command needs: where the vault is, how to print, and how to unlock. */
export class CliContext {
  readonly dataDir: string;
  readonly json: boolean;
  readonly vaultContext: VaultContext;

  constructor(options: GlobalOptions) {
    this.dataDir = resolveDataDir(options.dataDir);
    this.json = options.json ?? false;
    this.vaultContext = { dataDir: this.dataDir, keychain: new OsKeychain() };
  }

  /**
   * Unlocks for one command: CASIKE_PASSPHRASE when set; otherwise this device's
   * keychain when enabled; otherwise a no-echo prompt.
   */
  async unlock(): Promise<UnlockedVault> {
    const fromEnv = process.env.CASIKE_PASSPHRASE;
    if (!fromEnv && vaultStatus(this.dataDir).keychainEnabled) {
      try {
        return await openVault(this.vaultContext, { method: 'keychain' });
      } catch {
        // Fall through to the passphrase: the keychain may be locked or missing.
      }
    }
    return openVault(this.vaultContext, {
      method: 'passphrase',
      passphrase: await this.passphrase(),
    });
  }

  passphrase(): Promise<string> {
    return secretFrom('CASIKE_PASSPHRASE', 'Passphrase: ');
  }

  /** Runs `work` on an unlocked vault and always locks it again afterwards. */
  async withVault<T>(work: (vault: UnlockedVault) => Promise<T> | T): Promise<T> {
    const vault = await this.unlock();
    try {
      return await work(vault);
    } finally {
      vault.lock('exit');
    }
  }

  /** Prints a result: JSON when asked, else the human lines. */
  print(result: unknown, human: string | readonly string[]): void {
    if (this.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const lines = typeof human === 'string' ? [human] : human;
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
