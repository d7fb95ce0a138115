import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '../../src-main/core/db/migrate';
import {
  DATA_KEY_BYTES,
  openEncryptedDatabase,
  type SqlDatabase,
} from '../../src-main/core/db/openDatabase';

export interface ScratchDatabase {
  db: SqlDatabase;
  file: string;
  /** Closes the connection and deletes the file with its -wal/-shm. */
  remove(): void;
}

let counter = 0;

/**
 * A throwaway encrypted database with the vault's schema: the same cipher settings
 * and migrations as a vault's, without vault.json and its Argon2id wrap, so write
 * scenarios can start from empty many times cheaply.
 */
export function openScratchDatabase(dir: string): ScratchDatabase {
  mkdirSync(dir, { recursive: true });
  counter += 1;
  const file = join(dir, `scratch-${process.pid}-${counter}.db`);
  closeSync(openSync(file, 'w', 0o600));
  const db = openEncryptedDatabase(file, randomBytes(DATA_KEY_BYTES), { create: true });
  migrate(db);
  return {
    db,
    file,
    remove() {
      if (db.open) db.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
}
