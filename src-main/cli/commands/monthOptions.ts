import {
  isValidDate,
  isValidMonth,
  monthOf,
  shiftMonth,
  todayLocal,
  type MonthString,
} from '../../../src-shared/domain';
import { CliError } from '../cliErrors';

/**
 * A month from the command line: "YYYY-MM", or a date "YYYY-MM-DD" whose month is
 * meant (so `--from 2024-03-15` works as people type it). Anything else is bad input.
 */
export function monthOption(text: string, flag: string): MonthString {
  const trimmed = text.trim();
  if (isValidMonth(trimmed)) return trimmed;
  if (isValidDate(trimmed)) return monthOf(trimmed);
  throw new CliError(
    'BAD_INPUT',
    `${flag}: expected a month as YYYY-MM (or a date YYYY-MM-DD), got "${trimmed.slice(0, 40)}"`,
  );
}

/** This month, in the local time zone (what "this month" means to the user). */
export const thisMonth = (): MonthString => monthOf(todayLocal());

/**
 * The months a report covers: `--from`/`--to` when given. Without `--from`, the 12
 * months ending with `--to` (default: this month); with only `--from`, from it to this
 * month (or to itself, if it lies in the future).
 */
export function monthRangeOptions(options: { from?: string; to?: string }): {
  from: MonthString;
  to: MonthString;
} {
  const from = options.from === undefined ? undefined : monthOption(options.from, '--from');
  const to = options.to === undefined ? undefined : monthOption(options.to, '--to');
  const end = to ?? (from === undefined ? thisMonth() : laterOf(thisMonth(), from));
  const start = from ?? shiftMonth(end, -11);
  if (start > end) throw new CliError('BAD_INPUT', `--from ${start} is after --to ${end}`);
  return { from: start, to: end };
}

const laterOf = (a: MonthString, b: MonthString) => (a > b ? a : b);
