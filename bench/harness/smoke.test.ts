import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios';
import { parseSize } from './args';
import { runPlan, type BenchResults } from './runPlan';

/**
 * Every scenario once at 2,000 rows in a temporary directory: not a measurement (the
 * numbers are ignored), only proof that the harness and its scenarios still run
 * against the current core.
 */
const outDir = mkdtempSync(join(tmpdir(), 'casike-bench-smoke-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

it('runs every scenario and writes results.json', async () => {
  // `--quick` at one small size, one run each: the peers' balance check runs too.
  const plan = { sizes: [parseSize('2k')], smoke: true, quick: true, seed: 1, only: [], outDir };
  const results = await runPlan(plan, 'custom');
  const ran = new Set(results.rows.map((row) => row.scenario));
  for (const scenario of SCENARIOS) expect(ran).toContain(scenario.id);
  expect(results.rows.filter((row) => row.failed).map((row) => row.note)).toEqual([]);
  expect(results.rows.every((row) => Number.isFinite(row.median))).toBe(true);
  const written = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as BenchResults;
  expect(written.rows).toHaveLength(results.rows.length);
}, 180_000);
