import type { UnlockedVault } from '../vault';
import { createBackup, type CreateBackupOptions } from './backupCreate';
import { restoreBackup } from './backupRestore';

/*
 * One backup round trip, timed: for benchmarks (the bench scenario calls this with a
 * generated vault signed in to a local server) and for scripts/measureBackupThroughput.ts.
 * MB/s are MiB of the vault's database per second of wall time, end to end.
 */

export interface BackupThroughput {
  databaseBytes: number;
  encryptedBytes: number;
  create: {
    snapshotMs: number;
    encryptMs: number;
    uploadMs: number;
    totalMs: number;
    mbPerSecond: number;
  };
  restore: { downloadMs: number; swapMs: number; totalMs: number; mbPerSecond: number };
}

const mbps = (bytes: number, ms: number) => (ms <= 0 ? 0 : bytes / (1024 * 1024) / (ms / 1000));

/**
 * Creates a backup of `vault` and restores it. `vault` must be signed in; it is locked by
 * the restore, and the restored vault (opened by `reopen`) is returned with the numbers.
 */
export async function measureBackupRoundTrip(
  vault: UnlockedVault,
  reopen: () => Promise<UnlockedVault>,
  options: CreateBackupOptions = {},
): Promise<{ throughput: BackupThroughput; vault: UnlockedVault }> {
  const createStarted = performance.now();
  const made = await createBackup(vault, options);
  const createMs = performance.now() - createStarted;
  const restoreStarted = performance.now();
  const restored = await restoreBackup(vault, made.backupId, { reopen });
  const restoreMs = performance.now() - restoreStarted;
  return {
    vault: restored.vault,
    throughput: {
      databaseBytes: restored.bytes,
      encryptedBytes: made.sizeBytes,
      create: { ...made.timings, totalMs: createMs, mbPerSecond: mbps(restored.bytes, createMs) },
      restore: {
        ...restored.timings,
        totalMs: restoreMs,
        mbPerSecond: mbps(restored.bytes, restoreMs),
      },
    },
  };
}
