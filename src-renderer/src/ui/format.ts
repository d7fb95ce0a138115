import { formatAmount, isCurrencyCode, parseAmount } from '../../../src-shared/domain';
import { UserInputError } from '../api/errors';

/** An amount for display in the user's locale ("−$12.34"), via the shared money module. */
export function money(minor: number, currency: string): string {
  if (!isCurrencyCode(currency)) return String(minor);
  return formatAmount(minor, currency);
}

/** Reads a typed amount in `currency` ("12.34", "-5", "$1,200.00"); throws a human error. */
export function readAmount(text: string, currency: string, what = 'amount'): number {
  if (!isCurrencyCode(currency)) throw new UserInputError(`Unknown currency ${currency}.`);
  try {
    return parseAmount(text, currency);
  } catch {
    throw new UserInputError(
      `The ${what} "${text.trim().slice(0, 40)}" is not a valid ${currency} amount.`,
    );
  }
}

const dateFormatter = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** A booking date "YYYY-MM-DD" for display ("Mar 4, 2025"). Read as UTC so it never shifts a day. */
export function shortDate(date: string): string {
  const parsed = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(parsed) ? date : dateFormatter.format(parsed);
}

const monthFormatter = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});

/** A month "YYYY-MM" for display ("March 2025"). */
export function monthName(month: string): string {
  const parsed = Date.parse(`${month}-01T00:00:00Z`);
  return Number.isNaN(parsed) ? month : monthFormatter.format(parsed);
}
