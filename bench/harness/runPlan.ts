import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS } from '../scenarios';
import { currentLoad, machineInfo, type MachineInfo } from './machine';
import { processMaxRssMb } from './memory';
import { memoryRow, runSize } from './runner';
import { markdownTable } from './table';
import type { Plan, ResultRow } from './types';

export interface BenchResults {
  date: string;
  mode: 'quick' | 'full' | 'custom';
  seed: number;
  sizes: Plan['sizes'];
  durationSeconds: number;
  machine: MachineInfo;
  rows: ResultRow[];
}

/** Runs the plan's sizes × scenarios and writes results.json and results.md into plan.outDir. */
export async function runPlan(plan: Plan, mode: BenchResults['mode']): Promise<BenchResults> {
  const scenarios = SCENARIOS.filter(
    (scenario) => plan.only.length === 0 || plan.only.some((part) => scenario.id.includes(part)),
  );
  const started = new Date();
  const machine = machineInfo();
  process.stderr.write(
    `casike bench: sizes ${plan.sizes.map((size) => size.label).join(', ')}, seed ${plan.seed}, ` +
      `${machine.cpus} × ${machine.cpuModel}, load ${machine.loadAverage.start}\n`,
  );
  const rows: ResultRow[] = [];
  for (const size of plan.sizes) rows.push(...(await runSize(plan, size, scenarios)));
  rows.push(memoryRow('memory.maxRss.process', null, processMaxRssMb()));
  rmSync(join(plan.outDir, 'scratch'), { recursive: true, force: true });

  machine.loadAverage.end = currentLoad();
  const results: BenchResults = {
    date: started.toISOString(),
    mode,
    seed: plan.seed,
    sizes: plan.sizes,
    durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine,
    rows,
  };
  mkdirSync(plan.outDir, { recursive: true });
  writeFileSync(join(plan.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(plan.outDir, 'results.md'), `${markdownTable(rows)}\n`);
  return results;
}
