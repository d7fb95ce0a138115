import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportTransactionsCsv } from '../../src-main/core/exports';
import { importFile } from '../../src-main/core/imports';
import { createAccount } from '../../src-main/core/ledger';
import { loadRuleEngine } from '../../src-main/core/rules';
import { bareWrite } from '../generate/bareWrite';
import { generateTransactions } from '../generate/dataset';
import { prepareLedger } from '../generate/ledgerRefs';
import { openScratchDatabase } from '../generate/scratch';
import type { Scenario } from '../harness/types';
import { writeIterations } from './iterations';

/*
 * The bank-file import at scale, against its floor. `import.bareInsert` and
 * `import.csv` write the same rows — the generator's records, which are exactly the
 * lines of the size's transactions.csv — into a fresh encrypted database with the
 * vault schema, back to back in the same run; the import's ratio is against that.
 */

export const importScenarios: Scenario[] = [
  {
    id: 'import.bareInsert',
    about:
      'Baseline for import.csv: a bare prepared INSERT (7 columns, plain STRICT table, no index) of the same rows, one transaction, in a fresh encrypted database.',
    unit: 'rows/s',
    phase: 'import',
    iterations: writeIterations,
    setup: (ctx) => ({
      sample() {
        const scratch = openScratchDatabase(ctx.scratchDir);
        try {
          const refs = prepareLedger(scratch.db);
          const started = performance.now();
          const rows = bareWrite(
            scratch.db,
            generateTransactions({ rows: ctx.size.rows, seed: ctx.plan.seed }),
            refs,
          );
          return rows / ((performance.now() - started) / 1000);
        } finally {
          scratch.remove();
        }
      },
    }),
  },
  {
    id: 'import.csv',
    about:
      "The size's bank CSV through the real import (importFile: sniff, layout detection, streaming parse, dedupe keys, the vault's rules, one transaction, FTS and totals, commit) into a fresh encrypted vault database. ratio = vs import.bareInsert; goal 200,000 rows/s and ≥ 0.5×.",
    unit: 'rows/s',
    phase: 'import',
    iterations: writeIterations,
    baselineFrom: { id: 'import.bareInsert', label: 'bare' },
    setup(ctx) {
      let added = 0;
      return {
        async sample() {
          const scratch = openScratchDatabase(ctx.scratchDir);
          try {
            const account = createAccount(scratch.db, {
              name: 'Imported',
              type: 'checking',
              currency: 'USD',
              openingBalance: 0,
            });
            const started = performance.now();
            const outcome = await importFile(scratch.db, ctx.vault.csvFile, {
              accountId: account.id,
              dryRun: false,
              transform: loadRuleEngine(scratch.db).transformDraft,
              onProgress: ctx.sampleMemory,
            });
            const seconds = (performance.now() - started) / 1000;
            added = outcome.added;
            if (added !== ctx.vault.meta.csvLines)
              throw new Error(`imported ${added} rows of ${ctx.vault.meta.csvLines}`);
            return added / seconds;
          } finally {
            scratch.remove();
          }
        },
        note: () => `${added} rows`,
      };
    },
  },
  {
    id: 'export.csv',
    about:
      'CSV export of every transaction (exportTransactionsCsv: keyset pages, hydration, RFC 4180 + formula neutralising, atomic file), rows/s.',
    unit: 'rows/s',
    phase: 'export',
    iterations: writeIterations,
    setup(ctx) {
      const dir = join(ctx.scratchDir, 'export');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `transactions-${ctx.size.label}.csv`);
      // The bench connection has no audit log; the export's audit call is a no-op here.
      const vault = { db: ctx.db, audit: () => undefined };
      let rows = 0;
      return {
        async sample() {
          const started = performance.now();
          rows = await exportTransactionsCsv(vault, {}, file, {
            overwrite: true,
            onProgress: (done) => {
              if (done % 20_000 === 0) ctx.sampleMemory();
            },
          });
          return rows / ((performance.now() - started) / 1000);
        },
        note: () => `${rows} rows`,
        teardown: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];
