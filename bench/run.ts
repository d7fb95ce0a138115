/**
 * The benchmark runner: `npm run bench` (10k, 100k, 1M rows) or `npm run bench -- --quick`
 * (10k, 100k). Prints one table and writes bench/out/results.json (+ results.md).
 * Benchmarks never fail on timing: they measure and print. See docs/performance.md.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_SIZES, parseBenchArgs, QUICK_SIZES, USAGE } from './harness/args';
import { runPlan } from './harness/runPlan';
import { textTable } from './harness/table';
import { SCENARIOS } from './scenarios';

const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');
const args = parseBenchArgs(process.argv.slice(2), outDir);

if (args.help) {
  console.log(USAGE);
} else if (args.list) {
  for (const scenario of SCENARIOS) console.log(`${scenario.id.padEnd(32)} ${scenario.about}`);
} else {
  const labels = args.plan.sizes.map((size) => size.label).join(',');
  const mode =
    labels === QUICK_SIZES.join(',')
      ? 'quick'
      : labels === FULL_SIZES.join(',')
        ? 'full'
        : 'custom';
  const results = await runPlan(args.plan, mode);
  const load = results.machine.loadAverage;
  console.log(textTable(results.rows));
  console.log(
    `\n${results.rows.length} rows in ${results.durationSeconds} s (load ${load.start} → ${load.end}); ` +
      'wrote bench/out/results.json and results.md',
  );
  const failed = results.rows.filter((row) => row.failed);
  if (failed.length > 0) {
    console.error(
      `\nFAILED: ${failed.map((row) => `${row.scenario} (${row.size}): ${row.failed}`).join('; ')}`,
    );
    process.exitCode = 1;
  }
}
