/**
 * Expense report PDF timing (issue 5 acceptance: 2,000 expenses with receipts in under
 * 10 s): seeds the expenses and their receipts into a scratch vault database, then
 * renders the report through the real layout and atomic write, several times.
 * `npx tsx bench/expenseReportPdf.ts [--count N] [--runs N]`. Prints numbers; never
 * fails on timing.
 */
import { rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { layoutExpenseReport, writePdfStreaming } from '../src-main/core/exports/pdf';
import { _tempDataDir } from '../src-main/core/vault/_testSupport';
import { openScratchDatabase } from './generate/scratch';
import { seedExpensesWithReceipts } from './generate/expenseReceipts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const count = option('--count', 2_000);
const runs = option('--runs', 3);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const { dir, cleanup } = _tempDataDir();
const scratch = openScratchDatabase(dir);
try {
  const seeded = await seedExpensesWithReceipts(scratch.db, count);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const timings: number[] = [];
  const cpuTimes: number[] = [];
  const loads: string[] = [];
  let pages = 0;
  let size = 0;
  for (let run = 0; run < runs; run += 1) {
    const file = join(dir, `expenses-${run}.pdf`);
    loads.push((loadavg()[0] ?? 0).toFixed(1));
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const { layout, appendix } = layoutExpenseReport(scratch.db, seeded);
    ({ pages } = await writePdfStreaming(layout, file, { overwrite: false }, appendix));
    timings.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    // User + system time of the whole process, thread pool included (hashing, writes):
    // steadier than the wall clock on a shared machine.
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    size = statSync(file).size;
    // Each run's 600+ MB file goes before the next run, so dirty pages do not pile up.
    rmSync(file);
  }
  clearInterval(sampler);
  const median = (values: number[]) =>
    Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0);
  console.log(
    `expense report PDF, ${count} expenses with ${count} receipts ` +
      `(${mb(seeded.receiptBytes)} MB of receipts): ${pages} pages, ${mb(size)} MB, ` +
      `median ${median(timings)} ms (runs: ${timings.map((t) => Math.round(t)).join(', ')} ms), ` +
      `CPU median ${median(cpuTimes)} ms (runs: ${cpuTimes.map((t) => Math.round(t)).join(', ')} ms); ` +
      `RSS ${mb(rssBefore)} MB before, peak ${mb(peakRss)} MB; ` +
      `1-min load average at each run's start: ${loads.join(', ')} (2 cores)`,
  );
} finally {
  scratch.remove();
  cleanup();
}
