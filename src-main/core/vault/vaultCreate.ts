import { recoverInterruptedRestore } from './restoreSwap';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { appendAuditRow } from '../audit/auditChain';
import { deriveAuditKey } from '../audit/auditKey';
import { migrate } from '../db/migrate';
import { DATA_KEY_BYTES, openEncryptedDatabase } from '../db/openDatabase';
import { makeKeySlot } from './keySlots';
import { derivePassphraseKek, newKdfParams, passphraseProblem } from './passphraseKdf';
import { newRecoveryKey } from './recoveryKey';
import {
  databasePath,
  readVaultFile,
  VAULT_FORMAT,
  writeVaultFile,
  type VaultFile,
} from './vaultFile';
import { VaultError } from './vaultErrors';

/** The database is built under this name and renamed into place once vault.json exists. */
export function creatingDatabasePath(dataDir: string): string {
  return `${databasePath(dataDir)}.creating`;
}

/**
 * Creates a new vault in `dataDir`: a random data key, sealed under the passphrase
 * (Argon2id) and the recovery key, and an empty encrypted database with the audit
 * log's first event. Returns the recovery key's display form: it is never stored,
 * so the caller must show it once.
 */
export async function initVault(
  dataDir: string,
  passphrase: string,
  now: () => Date = () => new Date(),
): Promise<{ recoveryKey: string; vaultId: string }> {
  const problem = passphraseProblem(passphrase);
  if (problem) throw new VaultError('BAD_INPUT', problem);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  refuseToOverwrite(dataDir);

  const dataKey = randomBytes(DATA_KEY_BYTES);
  const keyId = randomUUID();
  const kdf = newKdfParams();
  const recovery = newRecoveryKey();
  const identity = { vaultId: randomUUID(), recoveryPublicKey: recovery.publicKey };
  const kek = await derivePassphraseKek(passphrase, kdf);

  const temp = creatingDatabasePath(dataDir);
  rmSync(temp, { force: true });
  // Created empty and owner-only first: SQLite gives its -wal and -shm files the
  // database file's mode, so they are owner-only too.
  closeSync(openSync(temp, 'wx', 0o600));
  const db = openEncryptedDatabase(temp, dataKey, { create: true });
  let auditHead;
  try {
    migrate(db);
    auditHead = appendAuditRow(
      db,
      deriveAuditKey(dataKey),
      'vault.created',
      { format: VAULT_FORMAT },
      now().toISOString(),
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }

  const file: VaultFile = {
    format: VAULT_FORMAT,
    ...identity,
    createdAt: now().toISOString(),
    cipher: { name: 'sqlcipher', legacy: 4 },
    passphraseKdf: kdf,
    keys: [makeKeySlot(identity, kek, { keyId, key: dataKey })],
    rotation: null,
    keychain: { enabled: false },
    failedUnlocks: [],
    auditHead,
  };
  writeVaultFile(dataDir, file);
  finishInterruptedCreate(dataDir);
  dataKey.fill(0);
  kek.fill(0);
  recovery.secret.fill(0);
  return { recoveryKey: recovery.display, vaultId: identity.vaultId };
}

/**
 * A crash after vault.json was written but before the database was renamed into
 * place leaves `casike.db.creating`: finish the rename. Without vault.json such a
 * file is the remains of a failed init and is removed by the next init.
 */
export function finishInterruptedCreate(dataDir: string): void {
  const temp = creatingDatabasePath(dataDir);
  if (!existsSync(temp) || existsSync(databasePath(dataDir))) return;
  for (const suffix of ['-wal', '-shm']) rmSync(temp + suffix, { force: true });
  renameSync(temp, databasePath(dataDir));
}

function refuseToOverwrite(dataDir: string): void {
  // A vault mid-restore (moved aside by a crash) is still the user's vault.
  recoverInterruptedRestore(dataDir);
  if (readVaultFile(dataDir)) {
    throw new VaultError('VAULT_EXISTS', `a vault already exists in ${dataDir}`);
  }
  if (existsSync(databasePath(dataDir))) {
    throw new VaultError(
      'VAULT_EXISTS',
      `${dataDir} holds a Casike database without vault.json; refusing to overwrite it`,
    );
  }
}
