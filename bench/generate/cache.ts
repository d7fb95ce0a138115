import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src-main/core/db/migrations';
import { initVault, openVault } from '../../src-main/core/vault';
import { bulkWrite } from './bulkWrite';
import { CsvWriter } from './csv';
import { generateTransactions, GENERATOR_VERSION, type GeneratedTransaction } from './dataset';
import { prepareLedger } from './ledgerRefs';
import { RARE_TERM } from './profiles';
import { selfCheck } from './selfCheck';

/** Benchmark vaults hold made-up data; a fixed passphrase lets any run reopen them. */
export const BENCH_PASSPHRASE = 'casike benchmark vault';

export interface CacheMeta {
  generatorVersion: number;
  schemaVersion: number;
  rows: number;
  seed: number;
  transfers: number;
  splitParents: number;
  splitLines: number;
  payees: number;
  rareTermRows: number;
  csvLines: number;
  generateMs: number;
  generatedAt: string;
}

export interface CachedVault {
  /** bench/out/cache/<size>-<seed> */
  dir: string;
  /** The vault's data dir (vault.json + casike.db). */
  dataDir: string;
  csvFile: string;
  meta: CacheMeta;
}

/**
 * The vault for (size, seed), generated on first use and reused afterwards. It is
 * rebuilt when the generator or the schema changed since it was written. meta.json
 * is written last, so a run killed halfway leaves no cache that looks complete.
 */
export async function ensureCachedVault(
  root: string,
  size: { label: string; rows: number },
  seed: number,
  log: (line: string) => void,
): Promise<CachedVault> {
  const dir = join(root, `${size.label}-${seed}`);
  const paths = { dir, dataDir: join(dir, 'vault'), csvFile: join(dir, 'transactions.csv') };
  const metaFile = join(dir, 'meta.json');
  const cached = existsSync(metaFile)
    ? (JSON.parse(readFileSync(metaFile, 'utf8')) as CacheMeta)
    : null;
  if (
    cached?.generatorVersion === GENERATOR_VERSION &&
    cached.schemaVersion === MIGRATIONS.length &&
    cached.rows === size.rows
  ) {
    return { ...paths, meta: cached };
  }

  log(`generating ${size.label} (${size.rows} rows, seed ${seed}) into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await initVault(paths.dataDir, BENCH_PASSPHRASE);
  const vault = await openVault(
    { dataDir: paths.dataDir },
    { method: 'passphrase', passphrase: BENCH_PASSPHRASE },
  );
  try {
    const csv = new CsvWriter(paths.csvFile);
    const counts = { transfers: 0, splitParents: 0, rareTermRows: 0 };
    const tap = function* (records: Iterable<GeneratedTransaction>) {
      for (const record of records) {
        csv.add(record);
        if (record.transfer) counts.transfers += 1;
        if (record.splits.length > 0) counts.splitParents += 1;
        if (record.memo.split(' ').includes(RARE_TERM)) counts.rareTermRows += 1;
        yield record;
      }
    };
    const started = performance.now();
    const stats = bulkWrite(
      vault.db,
      tap(generateTransactions({ rows: size.rows, seed })),
      prepareLedger(vault.db),
      size.rows,
    );
    const generateMs = performance.now() - started;
    csv.close();

    const problems = selfCheck(vault.db, { rows: size.rows, rareTermRows: counts.rareTermRows });
    if (problems.length > 0)
      throw new Error(`generated vault failed its self-check: ${problems.join('; ')}`);
    const meta: CacheMeta = {
      generatorVersion: GENERATOR_VERSION,
      schemaVersion: MIGRATIONS.length,
      rows: size.rows,
      seed,
      ...counts,
      splitLines: stats.splits,
      payees: stats.payeesCreated,
      csvLines: csv.lines,
      generateMs: Math.round(generateMs),
      generatedAt: new Date().toISOString(),
    };
    vault.db.pragma('wal_checkpoint(TRUNCATE)');
    vault.lock('exit');
    writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
    log(
      `generated ${size.label} in ${(generateMs / 1000).toFixed(1)} s, self-check passed (monthly and payee totals, full-text)`,
    );
    return { ...paths, meta };
  } finally {
    if (vault.isOpen) vault.lock('exit');
  }
}
