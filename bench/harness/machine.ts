import Database from 'better-sqlite3-multiple-ciphers';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryGb: number;
  platform: string;
  release: string;
  arch: string;
  node: string;
  sqlite: string;
  sqlite3mc: string;
  /** 1-minute load average at the start and end: other work on the machine skews numbers. */
  loadAverage: { start: number; end: number | null };
}

export function machineInfo(): MachineInfo {
  const db = new Database(':memory:');
  try {
    const versions = db
      .prepare('SELECT sqlite_version() AS sqlite, sqlite3mc_version() AS mc')
      .get() as { sqlite: string; mc: string };
    return {
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      cpus: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      platform: os.platform(),
      release: os.release(),
      arch: os.arch(),
      node: process.version,
      sqlite: versions.sqlite,
      sqlite3mc: versions.mc,
      loadAverage: { start: round(os.loadavg()[0] ?? 0), end: null },
    };
  } finally {
    db.close();
  }
}

export const currentLoad = (): number => round(os.loadavg()[0] ?? 0);

const round = (value: number): number => Math.round(value * 100) / 100;
