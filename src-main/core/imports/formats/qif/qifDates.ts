import { isValidDate, type DateString } from '../../../../../src-shared/domain';
import { ImportFileError } from '../../importedRow';

/** Which of the first two numbers of a "n/n/y" date is the month. */
export type DateOrder = 'MDY' | 'DMY';

/** A QIF date as written, read into numbers; the month/day order may still be open. */
export interface QifDate {
  text: string;
  line: number;
  first: number;
  second: number;
  year: number;
  /** Set when the writing itself says the order: ISO "2026-01-05" (MDY: `first` is the
   *  month), dotted "05.01.2026" (DMY). */
  fixed: DateOrder | null;
}

// After spaces are removed: "1/5/26", "01/05/2026", "1/5'26", "1-5-2026", "1/1/100".
const NUMERIC = /^(\d{1,2})[/-](\d{1,2})(['/-])(\d{1,4})$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/;
const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;

/**
 * Reads the D field of a QIF record. Quicken and its imitators write:
 * - "1/5/26", "01/05/2026", " 1/ 5/26" (space-padded), "1-5-2026": month/day order open;
 * - "1/5'26", "1/ 5' 6": the apostrophe marks a year in the 2000s (Quicken's Y2K form);
 * - "1/1/100": a three-digit year counts from 1900 (early Quicken Y2K bug);
 * - two-digit years otherwise: 00–69 → 2000s, 70–99 → 1900s (a fixed pivot, so the
 *   result never depends on today's date);
 * - "05.01.2026": day first (European Quicken); "2026-01-05": ISO.
 */
export function readQifDate(raw: string, line: number): QifDate {
  const text = raw.replace(/\s+/g, '');
  const iso = ISO.exec(text);
  if (iso)
    return {
      text,
      line,
      first: Number(iso[2]),
      second: Number(iso[3]),
      year: Number(iso[1]),
      fixed: 'MDY',
    };
  const dotted = DOTTED.exec(text);
  if (dotted) {
    return {
      text,
      line,
      first: Number(dotted[1]),
      second: Number(dotted[2]),
      year: fullYear(dotted[3] ?? '', '.'),
      fixed: 'DMY',
    };
  }
  const numeric = NUMERIC.exec(text);
  if (!numeric)
    throw new ImportFileError(
      `date "${raw.trim().slice(0, 40)}" is not a date QIF writers use`,
      line,
    );
  return {
    text,
    line,
    first: Number(numeric[1]),
    second: Number(numeric[2]),
    year: fullYear(numeric[4] ?? '', numeric[3] ?? '/'),
    fixed: null,
  };
}

function fullYear(digits: string, separator: string): number {
  const value = Number(digits);
  if (digits.length === 4) return value;
  if (digits.length === 3) return 1900 + value;
  if (separator === "'") return 2000 + value;
  return value < 70 ? 2000 + value : 1900 + value;
}

/**
 * The order this one date forces, if any: "13/05/2026" can only be day-first, "05/13/2026"
 * only month-first. Null when both readings (or neither) are possible.
 */
export function orderForcedBy(date: QifDate): DateOrder | null {
  if (date.fixed) return null;
  if (date.first > 12 && date.second <= 12) return 'DMY';
  if (date.second > 12 && date.first <= 12) return 'MDY';
  return null;
}

/** The booking date under `order` (ignored for ISO and dotted dates), or an error naming the line. */
export function dateIn(date: QifDate, order: DateOrder): DateString {
  const effective = date.fixed ?? order;
  const month = effective === 'MDY' ? date.first : date.second;
  const day = effective === 'MDY' ? date.second : date.first;
  const text = `${String(date.year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isValidDate(text)) {
    const how = date.fixed ? '' : ` read ${order === 'MDY' ? 'month' : 'day'} first`;
    throw new ImportFileError(`date "${date.text}"${how} is not a calendar date`, date.line);
  }
  return text;
}

/**
 * For a file whose dates fit both orders: the order under which they run most nearly in
 * sequence (statements are written in date order; read the wrong way round, dates jump
 * back and forth between months). A tie goes to month-first, Quicken's own order.
 */
export function likelierOrder(dates: readonly QifDate[]): DateOrder {
  const backwards = (order: DateOrder) => {
    let count = 0;
    let previous = '';
    for (const date of dates) {
      const current = sortKey(date, order);
      if (previous !== '' && current < previous) count += 1;
      previous = current;
    }
    return count;
  };
  return backwards('DMY') < backwards('MDY') ? 'DMY' : 'MDY';
}

// A sortable key that does not throw for dates invalid under `order`.
function sortKey(date: QifDate, order: DateOrder): string {
  const effective = date.fixed ?? order;
  const month = effective === 'MDY' ? date.first : date.second;
  const day = effective === 'MDY' ? date.second : date.first;
  return `${String(date.year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}
