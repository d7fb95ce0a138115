import { join } from 'node:path';
import { openEncryptedDatabase } from '../../src-main/core/db/openDatabase';
import { databasePath } from '../../src-main/core/vault';
import { _dangerouslyReadDataKey } from '../../src-main/core/vault/_testSupport';
import { BENCH_PASSPHRASE, ensureCachedVault } from '../generate/cache';
import { loadFixtures } from './fixtures';
import { MemorySampler } from './memory';
import { median, percentile } from './stats';
import { formatValue } from './table';
import type { Phase, Plan, ResultRow, Scenario, SizeContext, SizeSpec } from './types';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Runs every applicable scenario at one size; returns its rows plus the memory rows. */
export async function runSize(
  plan: Plan,
  size: SizeSpec,
  scenarios: readonly Scenario[],
): Promise<ResultRow[]> {
  const vault = await ensureCachedVault(join(plan.outDir, 'cache'), size, plan.seed, log);
  // The raw key, the way the tests get it: Argon2id once here, not in every unlock sample.
  const key = await _dangerouslyReadDataKey(vault.dataDir, BENCH_PASSPHRASE);
  const db = openEncryptedDatabase(databasePath(vault.dataDir), key);
  const memory = new MemorySampler();
  const ctx: SizeContext = {
    plan,
    size,
    vault,
    key,
    db,
    fixtures: loadFixtures(db),
    scratchDir: join(plan.outDir, 'scratch'),
    sampleMemory: memory.sample,
  };
  const rows: ResultRow[] = [];
  const peaks = new Map<Phase, { rssMb: number; heapMb: number }>();
  try {
    memory.takePeaks();
    for (const scenario of scenarios) {
      const planned = scenario.iterations(size, plan);
      if (!planned) continue;
      const iterations = plan.smoke ? { warmup: 0, runs: 1 } : planned;
      const row = await measureOrFail(scenario, ctx, iterations, rows);
      rows.push(row);
      const peak = memory.takePeaks();
      const before = peaks.get(scenario.phase) ?? { rssMb: 0, heapMb: 0 };
      peaks.set(scenario.phase, {
        rssMb: Math.max(before.rssMb, peak.rssMb),
        heapMb: Math.max(before.heapMb, peak.heapMb),
      });
      log(
        row.failed
          ? `  ${size.label.padEnd(5)} ${scenario.id.padEnd(32)} FAILED: ${row.failed}`
          : `  ${size.label.padEnd(5)} ${scenario.id.padEnd(32)} median ${formatValue(row.median, row.unit)} ${row.unit}${row.note ? `  (${row.note})` : ''}`,
      );
    }
  } finally {
    db.close();
    key.fill(0);
  }
  for (const [phase, peak] of peaks) {
    rows.push(memoryRow(`memory.peakRss.${phase}`, size, peak.rssMb));
    rows.push(memoryRow(`memory.peakHeap.${phase}`, size, peak.heapMb));
  }
  return rows;
}

/**
 * A scenario that throws (a peer's balances disagree, a feature broke) becomes a
 * FAILED row and the run goes on: the table still prints, and run.ts exits 1.
 */
async function measureOrFail(
  scenario: Scenario,
  ctx: SizeContext,
  iterations: { warmup: number; runs: number },
  earlier: readonly ResultRow[],
): Promise<ResultRow> {
  try {
    return await measure(scenario, ctx, iterations, earlier);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\n!!! ${scenario.id} at ${ctx.size.label} FAILED: ${message}\n\n`);
    return {
      scenario: scenario.id,
      size: ctx.size.label,
      rows: ctx.size.rows,
      median: Number.NaN,
      p95: Number.NaN,
      unit: scenario.unit,
      n: 0,
      baseline: null,
      baselineLabel: null,
      ratio: null,
      note: `FAILED: ${message}`,
      failed: message,
    };
  }
}

async function measure(
  scenario: Scenario,
  ctx: SizeContext,
  iterations: { warmup: number; runs: number },
  earlier: readonly ResultRow[],
): Promise<ResultRow> {
  const trial = await scenario.setup(ctx);
  const samples: number[] = [];
  try {
    for (let run = 0; run < iterations.warmup + iterations.runs; run += 1) {
      const value = await trial.sample();
      ctx.sampleMemory();
      if (run >= iterations.warmup) samples.push(value);
    }
  } finally {
    trial.teardown?.();
  }
  const middle = median(samples);
  const worst = scenario.unit === 'rows/s' ? 'low' : 'high';
  const reference = scenario.baselineFrom
    ? earlier.find((row) => row.scenario === scenario.baselineFrom?.id)
    : undefined;
  const baseline = scenario.goal?.value ?? reference?.median ?? null;
  return {
    scenario: scenario.id,
    size: ctx.size.label,
    rows: ctx.size.rows,
    median: middle,
    p95: percentile(samples, 95, worst),
    unit: scenario.unit,
    n: samples.length,
    baseline,
    baselineLabel:
      scenario.goal?.label ?? (reference ? (scenario.baselineFrom?.label ?? null) : null),
    ratio: baseline === null ? null : middle / baseline,
    note: trial.note?.() ?? null,
  };
}

export function memoryRow(scenario: string, size: SizeSpec | null, mb: number): ResultRow {
  return {
    scenario,
    size: size?.label ?? 'all',
    rows: size?.rows ?? null,
    median: mb,
    p95: mb,
    unit: 'MB',
    n: 1,
    baseline: null,
    baselineLabel: null,
    ratio: null,
    note: null,
  };
}
