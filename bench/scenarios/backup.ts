import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  completeSignIn,
  measureBackupRoundTrip,
  requestSignIn,
  type BackupThroughput,
} from '../../src-main/core/cloud';
import { _startServer } from '../../src-main/core/cloud/_cloudTestSupport';
import { openVault } from '../../src-main/core/vault';
import { BENCH_PASSPHRASE } from '../generate/cache';
import type { Iterations, Plan, Scenario, SizeContext, SizeSpec } from '../harness/types';

/*
 * Encrypted cloud backup of the whole vault, end to end: the real sync server on
 * 127.0.0.1 (embedded PGlite, or Postgres when DATABASE_URL is set), a copy of the
 * size's vault signed in to it, one create (snapshot → encrypt → upload) and one
 * restore (download → verify → decrypt → swap → reopen). Reported as ledger rows per
 * second, with MB/s in the note. One run, at the largest size of the run only (the
 * server start alone takes seconds), the smoke run included.
 */

const once = (size: SizeSpec, plan: Plan): Iterations | null =>
  size !== plan.sizes[plan.sizes.length - 1] ? null : { warmup: 0, runs: 1 };

/** The round trip is measured once per size and read by both scenarios. */
const measured = new Map<string, Promise<BackupThroughput>>();

function roundTrip(ctx: SizeContext): Promise<BackupThroughput> {
  let result = measured.get(ctx.size.label);
  if (result === undefined) {
    result = measure(ctx);
    measured.set(ctx.size.label, result);
  }
  return result;
}

async function measure(ctx: SizeContext): Promise<BackupThroughput> {
  mkdirSync(ctx.scratchDir, { recursive: true });
  const work = mkdtempSync(join(ctx.scratchDir, 'backup-'));
  const dataDir = join(work, 'vault');
  cpSync(ctx.vault.dataDir, dataDir, { recursive: true });
  // The smoke run (inside `npm test`) always uses embedded PGlite, never CI's Postgres.
  const postgres = process.env.DATABASE_URL && !ctx.plan.smoke ? process.env.DATABASE_URL : '';
  const server = await _startServer(postgres ? { DATABASE_URL: postgres } : {});
  try {
    const reopen = () =>
      openVault({ dataDir }, { method: 'passphrase', passphrase: BENCH_PASSPHRASE });
    const vault = await reopen();
    const email = `bench-${Date.now()}@example.test`;
    await requestSignIn(vault, new URL(server.url), email);
    await completeSignIn(vault, await server.tokenFor(email));
    await server.subscribe(email); // uploading backups needs a subscription
    ctx.sampleMemory();
    const { throughput, vault: restored } = await measureBackupRoundTrip(vault, reopen);
    ctx.sampleMemory();
    restored.lock('exit');
    return throughput;
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export const backupScenarios: Scenario[] = [
  {
    id: 'backup.create',
    about:
      'Encrypted cloud backup of the whole vault to the local sync server: snapshot, encrypt, resumable upload (rows/s of the ledger; MB/s in the note).',
    unit: 'rows/s',
    phase: 'export',
    iterations: once,
    setup(ctx) {
      let note = '';
      return {
        async sample() {
          const t = await roundTrip(ctx);
          note = `${mib(t.databaseBytes)} MiB database, ${t.create.mbPerSecond.toFixed(1)} MB/s end to end`;
          return ctx.size.rows / (t.create.totalMs / 1000);
        },
        note: () => note,
      };
    },
  },
  {
    id: 'backup.restore',
    about:
      'Restore of that backup: download, verify the manifest and every chunk, decrypt, swap the database in and reopen (rows/s; MB/s in the note).',
    unit: 'rows/s',
    phase: 'export',
    iterations: once,
    setup(ctx) {
      let note = '';
      return {
        async sample() {
          const t = await roundTrip(ctx);
          note = `${t.restore.mbPerSecond.toFixed(1)} MB/s end to end`;
          return ctx.size.rows / (t.restore.totalMs / 1000);
        },
        note: () => note,
      };
    },
  },
];
