import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import type { CachedVault } from '../generate/cache';
import type { Fixtures } from './fixtures';

/** What a scenario does, for the per-phase peak memory rows. */
export type Phase = 'read' | 'write' | 'import' | 'export' | 'peers';

/** What a scenario reports: milliseconds (lower is better), rows/s, megabytes. */
export type Unit = 'ms' | 'rows/s' | 'MB';

export interface SizeSpec {
  /** "10k", "100k", "1m": also the cache directory's name. */
  label: string;
  rows: number;
}

export interface Plan {
  sizes: SizeSpec[];
  /** One run per scenario, no warm-up: the test that keeps the harness from rotting. */
  smoke: boolean;
  /** `--quick`: fewer runs per scenario so 10k + 100k fit in two minutes. */
  quick?: boolean;
  seed: number;
  /** Scenario id substrings to run; empty runs all. */
  only: string[];
  outDir: string;
}

/** Everything a scenario may use at one ledger size. */
export interface SizeContext {
  plan: Plan;
  size: SizeSpec;
  vault: CachedVault;
  /** The vault's raw data key, unsealed once per size (Argon2id is its own scenario). */
  key: Buffer;
  /** A connection opened with the raw key, kept open like the app's for the read scenarios. */
  db: SqlDatabase;
  fixtures: Fixtures;
  /** Where write scenarios put their throwaway databases. */
  scratchDir: string;
  /** Calls this often during long single operations so peak memory is seen. */
  sampleMemory: () => void;
}

export interface Iterations {
  warmup: number;
  runs: number;
}

/** One measurement: returns the value in the scenario's unit. */
export interface Trial {
  sample(): number | Promise<number>;
  /** A remark for the results (row counts, pages…), read after the runs. */
  note?(): string;
  teardown?(): void;
}

/**
 * A benchmark. Adding one = writing this object and listing it in scenarios/index.ts;
 * the runner does iterations, statistics, memory sampling, the table and the JSON.
 */
export interface Scenario {
  id: string;
  /** One line: what is measured (shown by --list and in docs/performance.md). */
  about: string;
  unit: Unit;
  /** Peak memory is reported separately per phase. */
  phase: Phase;
  /** How often to run at this size, or null to skip it there. */
  iterations(size: SizeSpec, plan: Plan): Iterations | null;
  /** A goal from DESIGN.md / issue 9: ratio = median / goal. */
  goal?: { value: number; label: string };
  /** Or another scenario measured earlier at the same size: ratio = median / its median. */
  baselineFrom?: { id: string; label: string };
  setup(ctx: SizeContext): Trial | Promise<Trial>;
}

export interface ResultRow {
  scenario: string;
  size: string;
  rows: number | null;
  median: number;
  p95: number;
  unit: Unit;
  n: number;
  baseline: number | null;
  baselineLabel: string | null;
  ratio: number | null;
  note: string | null;
  /** Set when the scenario threw (e.g. the peers' balances disagree): the run then exits 1. */
  failed?: string;
}
