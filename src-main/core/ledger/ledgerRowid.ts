import type { SqlDatabase } from '../db/openDatabase';
import { invalid } from '../coreError';

/**
 * A transaction's rowid encodes its date: days since 1900-01-01 × 2^31 + a sequence
 * number. Storing rows in date order lets "newest first" pages, date ranges and
 * full-text matches stream from the table or an index without sorting. The largest
 * rowid (year 9999) stays below 2^53, so it is exact as a JavaScript number.
 */
const SEQ_SPAN = 2 ** 31;
const EPOCH_MS = Date.UTC(1900, 0, 1);
const DAY_MS = 86_400_000;

export const MIN_LEDGER_DATE = '1900-01-01';

export function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined || year < 1900) {
    throw invalid(`dates must be on or after ${MIN_LEDGER_DATE}`);
  }
  return Math.round((Date.UTC(year, month - 1, day) - EPOCH_MS) / DAY_MS);
}

export function rowidFor(date: string, seq: number): number {
  return dayNumber(date) * SEQ_SPAN + (seq % SEQ_SPAN);
}

/** The smallest rowid on `date` (for `>=` range bounds). */
export function firstRowidOn(date: string): number {
  return dayNumber(date) * SEQ_SPAN;
}

/** The smallest rowid after `date` (for `<` range bounds). */
export function firstRowidAfter(date: string): number {
  return (dayNumber(date) + 1) * SEQ_SPAN;
}

/** Reserves `count` sequence numbers; call inside the write transaction. */
export function reserveSeqs(db: SqlDatabase, count: number): number {
  const row = db
    .prepare(
      'UPDATE ledger_state SET next_seq = next_seq + ? WHERE id = 1 RETURNING next_seq - ? AS first',
    )
    .get(count, count) as { first: number };
  return row.first;
}

/**
 * Rowids for a batch of new rows from one reservation (an import). Each date's day
 * number is computed once: a statement has a few hundred dates for thousands of rows.
 */
export class RowidAllocator {
  private readonly dayStarts = new Map<string, number>();
  private next = 0;
  private end = 0;

  /** Reserves `count` sequence numbers; call inside the write transaction. */
  reserve(db: SqlDatabase, count: number): void {
    this.next = reserveSeqs(db, count);
    this.end = this.next + count;
  }

  rowidFor(date: string): number {
    if (this.next >= this.end) throw new Error('no sequence numbers left in this reservation');
    let dayStart = this.dayStarts.get(date);
    if (dayStart === undefined) {
      dayStart = firstRowidOn(date);
      this.dayStarts.set(date, dayStart);
    }
    const seq = this.next;
    this.next += 1;
    return dayStart + (seq % SEQ_SPAN);
  }
}
