import {
  incomeVsExpense,
  netWorth,
  spendingByCategory,
  topPayees,
} from '../../src-main/core/reports';
import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import type { Fixtures } from '../harness/fixtures';
import { timeMs } from '../harness/stats';
import type { Scenario } from '../harness/types';
import { readIterations } from './iterations';
import { SCREEN_GOAL } from './lists';

/** A report call as the IPC handler makes it, timed whole (SQL + shaping the series). */
function report(
  id: string,
  about: string,
  run: (db: SqlDatabase, fixtures: Fixtures) => unknown,
): Scenario {
  return {
    id,
    about,
    unit: 'ms',
    phase: 'read',
    iterations: readIterations,
    goal: SCREEN_GOAL,
    setup: (ctx) => ({ sample: () => timeMs(() => run(ctx.db, ctx.fixtures)) }),
  };
}

const yearRange = (f: Fixtures) => ({ from: `${f.year}-01`, to: `${f.year}-12` });
const allYears = (f: Fixtures) => ({ from: f.firstMonth, to: f.lastMonth });

export const reportScenarios: Scenario[] = [
  report(
    'report.spendingByCategory.year',
    'Spending by category × month for one year (reports.spendingByCategory).',
    (db, f) => spendingByCategory(db, yearRange(f)),
  ),
  report(
    'report.incomeVsExpense.10y',
    'Income vs expense per month over 10 years (reports.incomeVsExpense).',
    (db, f) => incomeVsExpense(db, allYears(f)),
  ),
  report(
    'report.netWorth.10y',
    'Net worth at each month end over 10 years (reports.netWorth).',
    (db, f) => netWorth(db, allYears(f)),
  ),
  report(
    'report.topPayees.year',
    'Top 10 payees by outflow for one year (reports.topPayees; 2 currencies).',
    (db, f) => topPayees(db, { ...yearRange(f), limit: 10, direction: 'outflow' }),
  ),
];
