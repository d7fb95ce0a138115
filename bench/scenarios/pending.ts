import type { Scenario } from '../harness/types';
import { PDF_SCENARIOS } from './pdfScenarios';

/*
 * Hooks for scenarios whose features are being built in parallel (issue 9 lists both).
 * Fill the array, nothing else: scenarios/index.ts already runs whatever is in it.
 *
 * STATEMENT_PDF_SCENARIOS — "statement PDF of 10k rows": render one account's statement
 *   of 10,000 transactions to a PDF with the app's own statement code, unit 'ms', phase
 *   'export'; iterations only at sizes ≥ 10k (e.g. `writeIterations` from ./iterations),
 *   reading from `ctx.db`, writing under `ctx.scratchDir`, calling `ctx.sampleMemory()`
 *   every few hundred rows.
 *
 * BACKUP_SCENARIOS — "backup of the 1M database, upload and restore throughput": with
 *   the sync server running on 127.0.0.1, back up `ctx.vault` and restore it into
 *   `ctx.scratchDir`, unit 'rows/s' or MB/s-equivalent, phase 'export', 1M only (a single
 *   run, like the 1M writes). Start and stop the server inside setup()/teardown().
 */
/** Statement PDF of 10k rows and the expense report of 2,000 (scenarios/pdfScenarios.ts). */
export const STATEMENT_PDF_SCENARIOS: Scenario[] = PDF_SCENARIOS;
export { backupScenarios as BACKUP_SCENARIOS } from './backup';
