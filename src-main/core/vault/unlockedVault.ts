import { hkdfSync } from 'node:crypto';
import {
  appendAuditRow,
  headStillInChain,
  listAuditRows,
  verifyAuditChain,
  type AuditHead,
  type AuditRow,
  type AuditVerdict,
} from '../audit/auditChain';
import type { AuditDetails, AuditEventName } from '../audit/auditEvents';
import { deriveAuditKey } from '../audit/auditKey';
import {
  markPruned,
  pruneAuditRows,
  pruneIsDue,
  readRetentionDays,
  RetentionDaysSchema,
  writeRetentionDays,
  type PrunedRange,
} from '../audit/auditRetention';
import type { SqlDatabase } from '../db/openDatabase';
import type { KeychainStore, StoredDataKey } from './keychain';
import { UnwrapError } from './keyWrap';
import { openSlotsWithPassphrase, resealForPassphrase } from './keySlots';
import { rotateDataKey, type RotationStep } from './keyRotation';
import { derivePassphraseKek, newKdfParams, passphraseProblem } from './passphraseKdf';
import { readVaultFile } from './vaultFile';
import { updateVaultFile } from './vaultFileUpdate';
import { VaultError } from './vaultErrors';

interface UnlockedContext {
  dataDir: string;
  keychain: KeychainStore | undefined;
  now: () => Date;
}

/**
 * An open vault: the decrypted database plus the data key, until `lock()`. Every
 * operation that needs the key refuses once the vault is locked.
 */
export class UnlockedVault {
  private key: StoredDataKey | null;
  private auditKey: Buffer | null;
  private readonly database: SqlDatabase;

  constructor(
    private readonly ctx: UnlockedContext,
    db: SqlDatabase,
    key: StoredDataKey,
  ) {
    this.database = db;
    this.key = key;
    this.auditKey = deriveAuditKey(key.key);
  }

  get isOpen(): boolean {
    return this.key !== null;
  }

  /** The decrypted database. Core domains run their queries on this. */
  get db(): SqlDatabase {
    this.requireOpen();
    return this.database;
  }

  get vaultId(): string {
    return this.currentFile().vaultId;
  }

  get dataDir(): string {
    return this.ctx.dataDir;
  }

  /**
   * A key derived from the current data key for one purpose (HKDF-SHA256, the purpose as
   * info), with the data key's id. Backups wrap their random key with it, so whoever can
   * open this generation of the vault (passphrase, recovery key) can open the backup.
   */
  deriveSubkey(purpose: 'backup-key-wrap-v1'): { keyId: string; key: Buffer } {
    const current = this.requireKey();
    const key = Buffer.from(hkdfSync('sha256', current.key, 'casike', `casike ${purpose}`, 32));
    return { keyId: current.keyId, key };
  }

  /** Appends an event to the hash-chained audit log and advances the external head. */
  audit(event: AuditEventName, details: AuditDetails = {}): void {
    const head = appendAuditRow(
      this.database,
      this.requireAuditKey(),
      event,
      details,
      this.ctx.now().toISOString(),
    );
    this.advanceAuditHead(head);
  }

  /** Days of audit history kept (default 400, never below the 90-day floor). */
  auditRetentionDays(): number {
    this.requireOpen();
    return readRetentionDays(this.database);
  }

  /** Changes the retention; every change, lowering included, is written to the log. */
  setAuditRetentionDays(days: number): void {
    this.requireOpen();
    const parsed = RetentionDaysSchema.safeParse(days);
    if (!parsed.success) {
      throw new VaultError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'bad retention');
    }
    const fromDays = readRetentionDays(this.database);
    writeRetentionDays(this.database, parsed.data);
    this.audit('settings.changed', {
      setting: 'audit.retentionDays',
      fromDays,
      toDays: parsed.data,
      lowered: parsed.data < fromDays,
    });
  }

  /**
   * Deletes audit rows older than the retention, in one transaction with the
   * `audit.pruned` row that records the range and the new checkpoint. Refuses to prune
   * a chain that does not verify, so pruning can never erase evidence of tampering.
   */
  pruneAudit(): PrunedRange | null {
    const verdict = this.verifyAudit();
    if (!verdict.ok) {
      throw new VaultError('DAMAGED', `audit log not pruned: ${verdict.reason}`);
    }
    const now = this.ctx.now();
    const days = readRetentionDays(this.database);
    const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
    const key = this.requireAuditKey();
    const run = this.database.transaction(() => {
      markPruned(this.database, now);
      const range = pruneAuditRows(this.database, cutoff);
      if (!range) return null;
      const head = appendAuditRow(
        this.database,
        key,
        'audit.pruned',
        { ...range, retentionDays: days, before: cutoff.toISOString() },
        now.toISOString(),
      );
      return { range, head };
    });
    const result = run.immediate();
    if (!result) return null;
    this.advanceAuditHead(result.head);
    return result.range;
  }

  /** Pruning at unlock, at most once a day; a failure never blocks the unlock. */
  pruneAuditIfDue(): void {
    if (!pruneIsDue(this.requireOpenDb(), this.ctx.now())) return;
    try {
      this.pruneAudit();
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
    }
  }

  private advanceAuditHead(head: AuditHead): void {
    updateVaultFile(this.ctx.dataDir, this.database, (file) => {
      // The head only moves forward, and never past evidence of tampering.
      const previous = file.auditHead;
      if (previous && (previous.seq >= head.seq || !headStillInChain(this.database, previous)))
        return file;
      return { ...file, auditHead: head };
    });
  }

  verifyAudit(): AuditVerdict {
    return verifyAuditChain(this.database, this.requireAuditKey(), this.currentFile().auditHead);
  }

  listAudit(limit = 50, beforeSeq?: number): AuditRow[] {
    this.requireOpen();
    return listAuditRows(this.database, limit, beforeSeq);
  }

  /** Moves failed unlock attempts recorded in vault.json into the audit log. */
  recordPendingFailedUnlocks(): void {
    const pending = this.currentFile().failedUnlocks;
    if (pending.length === 0) return;
    for (const attempt of pending) {
      this.audit('vault.unlock_failed', { method: attempt.method, attemptedAt: attempt.at });
    }
    updateVaultFile(this.ctx.dataDir, this.database, (file) => ({
      ...file,
      failedUnlocks: file.failedUnlocks.filter(
        (attempt) => !pending.some((seen) => seen.at === attempt.at),
      ),
    }));
  }

  /** Proves the user knows the passphrase (before deleting everything); WRONG_SECRET if not. */
  async confirmPassphrase(passphrase: string): Promise<void> {
    (await this.verifyPassphrase(passphrase)).fill(0);
  }

  /**
   * Seals the data key under a new passphrase (new salt, current Argon2id defaults).
   * The data itself is not touched, so this is fast and atomic (one file rename).
   */
  async changePassphrase(current: string, next: string): Promise<void> {
    await this.verifyPassphrase(current);
    await this.setPassphrase(next, 'vault.passphrase_changed');
  }

  /** After unlocking with the recovery key: the user chooses a new passphrase. */
  async setPassphraseAfterRecovery(next: string): Promise<void> {
    await this.setPassphrase(next, 'vault.recovered');
  }

  /**
   * Replaces the data key and re-encrypts the whole database under it. Needs the
   * passphrase, because the new key must be sealed under it too.
   */
  async rotateKey(passphrase: string, onStep?: (step: RotationStep) => void): Promise<void> {
    const kek = await this.verifyPassphrase(passphrase);
    try {
      const next = await rotateDataKey(
        {
          dataDir: this.ctx.dataDir,
          db: this.database,
          keychain: this.ctx.keychain,
          now: this.ctx.now,
          onStep,
        },
        this.requireKey(),
        kek,
      );
      this.replaceKey(next);
    } finally {
      kek.fill(0);
    }
  }

  /** Stores the data key in the OS keychain so this device unlocks without a passphrase. */
  async enableKeychain(): Promise<void> {
    const keychain = this.ctx.keychain;
    const reason = keychain
      ? await keychain.unavailableReason()
      : 'no OS keychain is available here';
    if (!keychain || reason)
      throw new VaultError('KEYCHAIN_UNAVAILABLE', `the OS keychain is not available: ${reason}`);
    await keychain.save(this.vaultId, [this.requireKey()]);
    updateVaultFile(this.ctx.dataDir, this.database, (file) => ({
      ...file,
      keychain: { enabled: true },
    }));
    this.audit('vault.keychain_enabled');
  }

  async disableKeychain(): Promise<void> {
    updateVaultFile(this.ctx.dataDir, this.database, (file) => ({
      ...file,
      keychain: { enabled: false },
    }));
    if (this.ctx.keychain) await this.ctx.keychain.remove(this.vaultId).catch(() => undefined);
    this.audit('vault.keychain_disabled');
  }

  /** Records the lock, closes the database and wipes the key material we hold. */
  lock(reason: 'user' | 'inactivity' | 'system' | 'exit' = 'user'): void {
    if (!this.key) return;
    try {
      this.audit('vault.locked', { reason });
    } finally {
      this.database.close();
      this.key.key.fill(0);
      this.auditKey?.fill(0);
      this.key = null;
      this.auditKey = null;
    }
  }

  private async setPassphrase(next: string, event: AuditEventName): Promise<void> {
    const problem = passphraseProblem(next);
    if (problem) throw new VaultError('BAD_INPUT', problem);
    const kdf = newKdfParams();
    const kek = await derivePassphraseKek(next, kdf);
    try {
      updateVaultFile(this.ctx.dataDir, this.database, (file) => ({
        ...file,
        passphraseKdf: kdf,
        keys: resealForPassphrase(file, [this.requireKey()], kek),
      }));
    } finally {
      kek.fill(0);
    }
    this.audit(event);
  }

  /** Returns the passphrase's KEK if it opens the current key; WRONG_SECRET otherwise. */
  private async verifyPassphrase(passphrase: string): Promise<Buffer> {
    const file = this.currentFile();
    const kek = await derivePassphraseKek(passphrase, file.passphraseKdf);
    try {
      const opened = openSlotsWithPassphrase(file, kek);
      const fits = opened.some((entry) => entry.keyId === this.requireKey().keyId);
      for (const entry of opened) entry.key.fill(0);
      if (!fits) throw new UnwrapError();
      return kek;
    } catch (error) {
      kek.fill(0);
      if (error instanceof UnwrapError) throw new VaultError('WRONG_SECRET', 'wrong passphrase');
      throw error;
    }
  }

  private replaceKey(next: StoredDataKey): void {
    this.key?.key.fill(0);
    this.auditKey?.fill(0);
    this.key = next;
    this.auditKey = deriveAuditKey(next.key);
  }

  private currentFile() {
    const file = readVaultFile(this.ctx.dataDir);
    if (!file) throw new VaultError('DAMAGED', 'vault.json disappeared while the vault was open');
    return file;
  }

  private requireOpenDb(): SqlDatabase {
    this.requireOpen();
    return this.database;
  }

  private requireOpen(): void {
    if (!this.key) throw new VaultError('LOCKED', 'the vault is locked');
  }

  private requireKey(): StoredDataKey {
    if (!this.key) throw new VaultError('LOCKED', 'the vault is locked');
    return this.key;
  }

  private requireAuditKey(): Buffer {
    if (!this.auditKey) throw new VaultError('LOCKED', 'the vault is locked');
    return this.auditKey;
  }
}
