/**
 * Expense report PDF timing (issue 5 acceptance: 2,000 expenses with receipts in under
 * 10 s): seeds the expenses and their receipts into a scratch vault database, then
 * renders the report through the real layout and atomic write, several times.
 * `npx tsx bench/expenseReportPdf.ts [--count N] [--runs N]`. Prints numbers; never
 * fails on timing.
 */
import { statSync } from 'node:fs';
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
  let pages = 0;
  let size = 0;
  for (let run = 0; run < runs; run += 1) {
    const file = join(dir, `expenses-${run}.pdf`);
    const started = performance.now();
    const { layout, appendix } = layoutExpenseReport(scratch.db, seeded);
    ({ pages } = await writePdfStreaming(layout, file, { overwrite: false }, appendix));
    timings.push(performance.now() - started);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    size = statSync(file).size;
  }
  clearInterval(sampler);
  timings.sort((a, b) => a - b);
  console.log(
    `expense report PDF, ${count} expenses with ${count} receipts ` +
      `(${mb(seeded.receiptBytes)} MB of receipts): ${pages} pages, ${mb(size)} MB, ` +
      `median ${Math.round(timings[Math.floor(timings.length / 2)] ?? 0)} ms ` +
      `(runs: ${timings.map((t) => Math.round(t)).join(', ')} ms); ` +
      `RSS ${mb(rssBefore)} MB before, peak ${mb(peakRss)} MB`,
  );
} finally {
  scratch.remove();
  cleanup();
}
