/*
 * Measures encrypted backup upload and restore throughput for a generated vault:
 *   npx tsx scripts/measureBackupThroughput.ts [rows=100000]
 * Generates (or reuses) the benchmark vault of that size (bench/out/cache), copies it,
 * starts the real sync server on 127.0.0.1 (PGlite, or Postgres when DATABASE_URL is
 * set), signs in, and runs one backup round trip. Prints the numbers; fails on nothing.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_PASSPHRASE, ensureCachedVault } from '../bench/generate/cache';
import { completeSignIn, measureBackupRoundTrip, requestSignIn } from '../src-main/core/cloud';
import { _startServer } from '../src-main/core/cloud/_cloudTestSupport';
import { openVault } from '../src-main/core/vault';

const rows = Number(process.argv[2] ?? 100_000);
const label = rows >= 1_000_000 ? `${rows / 1_000_000}m` : `${Math.round(rows / 1000)}k`;
const cache = await ensureCachedVault(join('bench', 'out', 'cache'), { label, rows }, 1, (l) =>
  console.log(l),
);
const work = mkdtempSync(join(tmpdir(), 'casike-backup-bench-'));
const dataDir = join(work, 'vault');
cpSync(cache.dataDir, dataDir, { recursive: true });
const server = await _startServer(
  process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {},
);
try {
  const reopen = () =>
    openVault({ dataDir }, { method: 'passphrase', passphrase: BENCH_PASSPHRASE });
  const vault = await reopen();
  const email = `bench-${Date.now()}@example.test`;
  await requestSignIn(vault, new URL(server.url), email);
  await completeSignIn(vault, await server.tokenFor(email));
  const { throughput, vault: restored } = await measureBackupRoundTrip(vault, reopen);
  restored.lock();
  const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
  console.log(
    `rows: ${rows}, database ${mib(throughput.databaseBytes)} MiB, encrypted ${mib(throughput.encryptedBytes)} MiB, store ${process.env.DATABASE_URL ? 'postgres' : 'pglite'}`,
  );
  const c = throughput.create;
  console.log(
    `create: ${c.mbPerSecond.toFixed(1)} MB/s end to end (${(c.totalMs / 1000).toFixed(1)} s: snapshot ${(c.snapshotMs / 1000).toFixed(1)} s, encrypt ${(c.encryptMs / 1000).toFixed(1)} s, upload ${(c.uploadMs / 1000).toFixed(1)} s = ${(throughput.encryptedBytes / 1048576 / (c.uploadMs / 1000)).toFixed(1)} MB/s)`,
  );
  const r = throughput.restore;
  console.log(
    `restore: ${r.mbPerSecond.toFixed(1)} MB/s end to end (${(r.totalMs / 1000).toFixed(1)} s: download+decrypt ${(r.downloadMs / 1000).toFixed(1)} s, swap+reopen ${(r.swapMs / 1000).toFixed(1)} s)`,
  );
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
