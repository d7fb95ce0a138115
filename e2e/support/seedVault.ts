import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkWrite } from '../../bench/generate/bulkWrite';
import { generateTransactions, GENERATOR_VERSION } from '../../bench/generate/dataset';
import { prepareLedger } from '../../bench/generate/ledgerRefs';
import { MIGRATIONS } from '../../src-main/core/db/migrations';
import { initVault, openVault } from '../../src-main/core/vault';

/**
 * Fills a new vault in `dataDir` with `rows` generated transactions (ten years, five
 * accounts, the benchmark generator's realistic payees and memos), written straight
 * into the database the way the ledger would, before the harness starts. Creating
 * 100,000 rows through the UI would take hours.
 */
export async function seedVault(
  dataDir: string,
  passphrase: string,
  rows: number,
  seed = 42,
): Promise<void> {
  await initVault(dataDir, passphrase);
  const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase });
  try {
    bulkWrite(vault.db, generateTransactions({ rows, seed }), prepareLedger(vault.db), rows);
    vault.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    vault.lock('exit');
  }
}

/**
 * Copies a seeded vault into `dataDir`, generating it once per machine (keyed by size,
 * seed, passphrase length, generator and schema version) in the temp folder, since
 * generation takes far longer than a copy. The data is made up; the vault is still a
 * real SQLCipher file that the harness opens with the passphrase.
 */
export async function copySeededVault(
  dataDir: string,
  passphrase: string,
  rows: number,
  seed = 42,
): Promise<void> {
  const key = `${rows}-${seed}-g${GENERATOR_VERSION}-s${MIGRATIONS.length}-p${passphrase.length}`;
  const cache = join(tmpdir(), 'casike-e2e-vaults', key);
  if (!existsSync(join(cache, 'vault.json'))) {
    const building = `${cache}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    await seedVault(building, passphrase, rows, seed);
    rmSync(cache, { recursive: true, force: true });
    renameSync(building, cache);
  }
  cpSync(cache, dataDir, { recursive: true });
}
