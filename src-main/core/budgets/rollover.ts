import { shiftMonth, type MonthString } from '../../../src-shared/domain';

/** One month of a rollover run: what was budgeted and what was actually spent. */
export interface RolloverMonth {
  budgeted: number;
  actual: number;
}

/**
 * What a run of rollover months (oldest first, ending the month before the one asked
 * about) carries in. Each month's remainder is budgeted + carried − actual; only a
 * positive remainder rolls on, so overspending never reduces a later month.
 */
export function carriedIn(run: readonly RolloverMonth[]): number {
  let carry = 0;
  for (const month of run) carry = Math.max(0, month.budgeted + carry - month.actual);
  return carry;
}

/**
 * For each category, the unbroken run of months with rollover on that ends the month
 * before `month`, oldest first. `rolloverMonths` are the months with rollover on before
 * `month` per category, in any order.
 */
export function rolloverRuns(
  rolloverMonths: ReadonlyMap<string, ReadonlySet<MonthString>>,
  month: MonthString,
): Map<string, MonthString[]> {
  const runs = new Map<string, MonthString[]>();
  for (const [categoryId, months] of rolloverMonths) {
    const run: MonthString[] = [];
    let cursor = previousMonth(month);
    while (cursor !== null && months.has(cursor)) {
      run.unshift(cursor);
      cursor = previousMonth(cursor);
    }
    if (run.length > 0) runs.set(categoryId, run);
  }
  return runs;
}

/** The month before, or null before year 0000 (where month arithmetic stops). */
export function previousMonth(month: MonthString): MonthString | null {
  return month === '0000-01' ? null : shiftMonth(month, -1);
}
