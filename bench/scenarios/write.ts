import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import { bareWrite } from '../generate/bareWrite';
import { bulkWrite } from '../generate/bulkWrite';
import { generateTransactions, type GeneratedTransaction } from '../generate/dataset';
import { prepareLedger, type LedgerRefs } from '../generate/ledgerRefs';
import { ledgerWrite } from '../generate/ledgerWrite';
import { openScratchDatabase } from '../generate/scratch';
import type { Iterations, Plan, Scenario, SizeContext, SizeSpec } from '../harness/types';
import { writeIterations } from './iterations';

type Writer = (
  db: SqlDatabase,
  records: Iterable<GeneratedTransaction>,
  refs: LedgerRefs,
  rows: number,
) => unknown;

/**
 * Writes the size's generated ledger into a fresh encrypted database with the vault
 * schema and reports rows/s. The timing covers generating the records in JS too (the
 * same for every writer; write.generatorOnly shows how little that is) and the commit.
 */
function writeScenario(
  id: string,
  about: string,
  write: Writer,
  options: {
    iterations?: (size: SizeSpec, plan: Plan) => Iterations | null;
    baseline?: boolean;
  } = {},
): Scenario {
  return {
    id,
    about,
    unit: 'rows/s',
    phase: 'write',
    iterations: options.iterations ?? writeIterations,
    baselineFrom: options.baseline ? { id: 'write.bareInsert', label: 'bare' } : undefined,
    setup: (ctx) => ({
      sample() {
        const scratch = openScratchDatabase(ctx.scratchDir);
        try {
          const refs = prepareLedger(scratch.db);
          const records = sampled(generateTransactions(planOf(ctx)), ctx);
          const started = performance.now();
          write(scratch.db, records, refs, ctx.size.rows);
          return ctx.size.rows / ((performance.now() - started) / 1000);
        } finally {
          scratch.remove();
        }
      },
    }),
  };
}

const planOf = (ctx: SizeContext) => ({ rows: ctx.size.rows, seed: ctx.plan.seed });

/** Samples memory every few thousand records: a write is one long synchronous call. */
function* sampled(records: Iterable<GeneratedTransaction>, ctx: SizeContext) {
  let count = 0;
  for (const record of records) {
    if (++count % 4_096 === 0) ctx.sampleMemory();
    yield record;
  }
}

export const writeScenarios: Scenario[] = [
  {
    id: 'write.generatorOnly',
    about:
      'The generator alone (records built in JS, no database): the share of the write rates below that is not SQLite.',
    unit: 'rows/s',
    phase: 'write',
    iterations: writeIterations,
    setup: (ctx) => ({
      sample() {
        const started = performance.now();
        let rows = 0;
        for (const record of generateTransactions(planOf(ctx))) rows += record.transfer ? 2 : 1;
        return rows / ((performance.now() - started) / 1000);
      },
    }),
  },
  writeScenario(
    'write.bareInsert',
    'Baseline: one prepared INSERT of 7 columns per row into a plain STRICT table (no index, trigger, FTS) in an encrypted vault database, one transaction.',
    (db, records, refs) => bareWrite(db, records, refs),
  ),
  writeScenario(
    'write.bulkLedger',
    'The generator writing the ledger: prepared statements, one transaction, the ledger triggers maintaining totals and full-text per row. ratio = vs bare insert.',
    bulkWrite,
    { baseline: true },
  ),
  writeScenario(
    'write.ledgerApi',
    'The same rows through insertTransaction/createTransfer one call each, one transaction (10k only: at ~3k rows/s, 1M would take minutes).',
    (db, records, refs) => ledgerWrite(db, records, refs),
    { baseline: true, iterations: (size) => (size.rows <= 20_000 ? { warmup: 1, runs: 3 } : null) },
  ),
];
