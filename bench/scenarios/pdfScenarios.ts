import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  layoutExpenseReport,
  layoutStatement,
  writePdf,
  writePdfStreaming,
} from '../../src-main/core/exports/pdf';
import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import { seedExpensesWithReceipts } from '../generate/expenseReceipts';
import { openScratchDatabase } from '../generate/scratch';
import type { Scenario } from '../harness/types';
import { writeIterations } from './iterations';

const timeMsAsync = async (work: () => Promise<void>): Promise<number> => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

/**
 * The busiest account and the period holding its first 10,000 transactions (all of them
 * when it has fewer): the statement the scenario renders.
 */
function statementPeriod(db: SqlDatabase): { accountId: string; from: string; to: string } {
  const busiest = db
    .prepare(
      'SELECT account_id AS id FROM transactions GROUP BY account_id ORDER BY count(*) DESC LIMIT 1',
    )
    .get() as { id: string };
  const dates = db
    .prepare(
      `SELECT min(date) AS first, max(date) AS last FROM (
         SELECT date FROM transactions WHERE account_id = ? ORDER BY rowid LIMIT 10000)`,
    )
    .get(busiest.id) as { first: string; last: string };
  return { accountId: busiest.id, from: dates.first, to: dates.last };
}

/** Statement PDF of up to 10,000 rows from the generated ledger (issue 9). */
const statementPdf: Scenario = {
  id: 'export.statementPdf10k',
  about: 'statement PDF of one account, up to 10,000 rows: layout, page numbers, atomic write',
  unit: 'ms',
  phase: 'export',
  iterations: (size, plan) =>
    plan.smoke || size.rows >= 10_000 ? writeIterations({ ...size, rows: 10_000 }, plan) : null,
  setup(ctx) {
    const period = statementPeriod(ctx.db);
    mkdirSync(ctx.scratchDir, { recursive: true });
    const file = join(ctx.scratchDir, 'statement.pdf');
    let note = '';
    return {
      sample: () =>
        timeMsAsync(async () => {
          const { layout, rows } = layoutStatement(ctx.db, period, {
            onProgress: () => ctx.sampleMemory(),
          });
          const { pages, bytes } = await writePdf(layout, file, { overwrite: true });
          note = `${rows} rows, ${pages} pages, ${(bytes / 1024 / 1024).toFixed(1)} MB`;
        }),
      note: () => note,
    };
  },
};

/**
 * Expense report PDF of 2,000 expenses, each with a receipt (issue 5 acceptance: under
 * 10 s). It does not depend on the ledger size, so the full run renders it once at the
 * smallest size; `--quick` (the 10k/100k sizes in under two minutes) leaves it out, as
 * seeding 600 MB of receipts and rendering them alone would take a third of that; the
 * smoke run renders 20 expenses so the code does not rot.
 */
const expenseReportPdf: Scenario = {
  id: 'export.expenseReportPdf2k',
  about: 'expense report PDF, 2,000 expenses with receipts (thumbnails + one page each)',
  unit: 'ms',
  phase: 'export',
  goal: { value: 10_000, label: '< 10 s (issue 5)' },
  iterations: (size, plan) =>
    plan.smoke
      ? { warmup: 0, runs: 1 }
      : size.rows <= 10_000
        ? plan.quick
          ? null
          : { warmup: 0, runs: 3 }
        : null,
  async setup(ctx) {
    const scratch = openScratchDatabase(ctx.scratchDir);
    const seeded = await seedExpensesWithReceipts(scratch.db, ctx.plan.smoke ? 20 : 2_000);
    const file = join(ctx.scratchDir, 'expenses.pdf');
    let note = '';
    return {
      sample: () =>
        timeMsAsync(async () => {
          const { layout, rows, appendix } = layoutExpenseReport(scratch.db, seeded);
          const { pages, bytes } = await writePdfStreaming(
            layout,
            file,
            { overwrite: true },
            async (flush) => {
              await appendix(async () => {
                ctx.sampleMemory();
                await flush();
              });
            },
          );
          note = `${rows} expenses, ${(seeded.receiptBytes / 1024 / 1024).toFixed(0)} MB receipts, ${pages} pages, ${(bytes / 1024 / 1024).toFixed(0)} MB`;
        }),
      note: () => note,
      teardown: () => scratch.remove(),
    };
  },
};

export const PDF_SCENARIOS: Scenario[] = [statementPdf, expenseReportPdf];
