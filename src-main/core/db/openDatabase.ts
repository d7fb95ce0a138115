import Database from 'better-sqlite3-multiple-ciphers';

export type SqlDatabase = Database.Database;

/** Length of the raw SQLCipher key in bytes (AES-256). */
export const DATA_KEY_BYTES = 32;

/**
 * Thrown when the key does not open the database: either the key is wrong or the
 * file is not a SQLCipher database at all. SQLCipher cannot tell those apart.
 */
export class DatabaseKeyError extends Error {
  constructor() {
    super('the database could not be decrypted with this key');
    this.name = 'DatabaseKeyError';
  }
}

/**
 * Selects the SQLCipher 4 format on a fresh connection and applies the raw key.
 * The cipher must be chosen before the key, and a raw key (x'…', 64 hex digits)
 * skips SQLCipher's own PBKDF2 because our key is already uniformly random.
 */
function applyKey(db: SqlDatabase, key: Buffer, pragma: 'key' | 'rekey'): void {
  if (key.length !== DATA_KEY_BYTES) throw new Error('data key must be 32 bytes');
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`${pragma}="x'${key.toString('hex')}'"`);
}

/**
 * Opens (or creates) the encrypted database with a raw 256-bit key. WAL mode and
 * foreign keys are on. Throws DatabaseKeyError when the key does not fit.
 */
export function openEncryptedDatabase(
  file: string,
  key: Buffer,
  options: { readonly?: boolean; create?: boolean } = {},
): SqlDatabase {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: !(options.create ?? false),
  });
  try {
    applyKey(db, key, 'key');
    // The first real read is where a wrong key shows up (SQLITE_NOTADB).
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (isNotADatabase(error)) throw new DatabaseKeyError();
    throw error;
  }
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Keep temporary tables and sort spills in memory so no plaintext page is written
  // to a temp file outside the encrypted database.
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
  // 64 MiB of decrypted pages. Every cache miss costs a page decrypt + HMAC check, and a
  // ledger of 1M rows with its indexes does not fit SQLite's 2 MiB default: imports and
  // reports were several times slower with it.
  db.pragma('cache_size = -65536');
  return db;
}

/** Another connection (the app, another CLI command) has the database open. */
export class DatabaseBusyError extends Error {
  constructor() {
    super(
      'the vault is open elsewhere (the Casike app or another command); close it and try again',
    );
    this.name = 'DatabaseBusyError';
  }
}

/**
 * Takes sole use of the database for an operation that must not run beside any
 * other connection (a rekey). Leaves WAL for the rollback journal — older SQLite3MC
 * builds refuse to rekey a WAL database, and leaving WAL is only possible when no
 * other connection is open — then holds an exclusive lock until `release()`.
 * Fails at once with DatabaseBusyError instead of waiting on another process.
 */
export function takeExclusiveAccess(db: SqlDatabase): { release: () => void } {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete')
      throw new DatabaseBusyError();
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.pragma('locking_mode = NORMAL');
    if (isBusy(error)) throw new DatabaseBusyError();
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${Math.trunc(timeout)}`);
  }
  return {
    release() {
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = WAL');
    },
  };
}

/**
 * Re-encrypts every page of the database under a new raw key. SQLCipher does the
 * rewrite in one transaction, so after a crash the file is wholly under the old
 * key or wholly under the new one. Call it inside takeExclusiveAccess.
 */
export function rekeyDatabase(db: SqlDatabase, newKey: Buffer): void {
  applyKey(db, newKey, 'rekey');
}

function isBusy(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function isNotADatabase(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_NOTADB'
  );
}
