import { z } from 'zod';

/*
 * Booking dates are calendar dates with no time zone, written "YYYY-MM-DD"; months are
 * "YYYY-MM". Both are fixed-width, so comparing the strings compares the dates: SQLite
 * indexes and `Array.prototype.sort` order them correctly with no parsing. They are
 * deliberately not `Date` objects: a bank's "2024-03-01" is that day wherever the user
 * is, and a Date at UTC midnight shows as 29 Feb in New York.
 *
 * Years run 0000–9999 in the proleptic Gregorian calendar (what ISO 8601 and SQLite use).
 */

/** A valid calendar date "YYYY-MM-DD". A plain string alias; validate with `isValidDate`. */
export type DateString = string;
/** A month "YYYY-MM". */
export type MonthString = string;

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_SHAPE = /^(\d{4})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`: 28–31. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real calendar date written exactly "YYYY-MM-DD" (so "2023-02-29" is false). */
export function isValidDate(value: string): boolean {
  const match = DATE_SHAPE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True for a month written exactly "YYYY-MM" with MM in 01–12. */
export function isValidMonth(value: string): boolean {
  const match = MONTH_SHAPE.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  return month >= 1 && month <= 12;
}

/** Zod schema for a booking date "YYYY-MM-DD" that exists in the calendar. */
export const DateStringSchema = z
  .string()
  .refine(isValidDate, { message: 'Expected a calendar date as YYYY-MM-DD' });

/** Zod schema for a month "YYYY-MM". */
export const MonthStringSchema = z
  .string()
  .refine(isValidMonth, { message: 'Expected a month as YYYY-MM' });

function parseDate(date: DateString): [year: number, month: number, day: number] {
  if (!isValidDate(date)) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function parseMonth(month: MonthString): [year: number, month: number] {
  if (!isValidMonth(month)) throw new RangeError(`Not a month: ${JSON.stringify(month)}`);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function formatDate(year: number, month: number, day: number): DateString {
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} is outside 0000–9999`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// Months since year 0, so month arithmetic is plain integer arithmetic.
const monthIndex = (year: number, month: number) => year * 12 + (month - 1);

function fromMonthIndex(index: number): [year: number, month: number] {
  const year = Math.floor(index / 12);
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} is outside 0000–9999`);
  return [year, index - year * 12 + 1];
}

/** The month a date falls in: "2024-03-15" → "2024-03". */
export function monthOf(date: DateString): MonthString {
  parseDate(date);
  return date.slice(0, 7);
}

/**
 * The date `months` calendar months later (negative: earlier). The day is kept, or
 * clamped to the last day of a shorter month, the rule banks use for monthly schedules:
 * 2024-01-31 + 1 → 2024-02-29, 2023-01-31 + 1 → 2023-02-28. Because of clamping,
 * adding n and then −n does not always return the start date.
 */
export function addMonths(date: DateString, months: number): DateString {
  if (!Number.isSafeInteger(months)) throw new RangeError(`Not a whole number: ${months}`);
  const [year, month, day] = parseDate(date);
  const [y, m] = fromMonthIndex(monthIndex(year, month) + months);
  return formatDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** The month `months` after `month` (negative: before): shiftMonth("2024-12", 1) → "2025-01". */
export function shiftMonth(month: MonthString, months: number): MonthString {
  if (!Number.isSafeInteger(months)) throw new RangeError(`Not a whole number: ${months}`);
  const [year, m] = parseMonth(month);
  const [y, mm] = fromMonthIndex(monthIndex(year, m) + months);
  return `${pad(y, 4)}-${pad(mm, 2)}`;
}

/** The date `days` days later (negative: earlier). */
export function addDays(date: DateString, days: number): DateString {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Not a whole number: ${days}`);
  const [year, month, day] = parseDate(date);
  // Date.UTC works on a day count with no time zone or DST in play; setUTCFullYear
  // avoids Date.UTC's mapping of years 0–99 to 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day + days);
  return formatDate(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
}

/**
 * Every month from `from` to `to`, both included, in order:
 * monthRange("2024-11", "2025-02") → ["2024-11", "2024-12", "2025-01", "2025-02"].
 * Empty when `from` is after `to`.
 */
export function monthRange(from: MonthString, to: MonthString): MonthString[] {
  const [fromYear, fromMonth] = parseMonth(from);
  const [toYear, toMonth] = parseMonth(to);
  const first = monthIndex(fromYear, fromMonth);
  const last = monthIndex(toYear, toMonth);
  const months: MonthString[] = [];
  for (let index = first; index <= last; index++) {
    const [y, m] = fromMonthIndex(index);
    months.push(`${pad(y, 4)}-${pad(m, 2)}`);
  }
  return months;
}

/**
 * −1, 0 or 1 as `a` is before, equal to or after `b`; usable as a sort comparator. Works
 * for dates and months alike by comparing the fixed-width strings, without validating,
 * because it runs inside sorts of large lists; validate at the boundary instead.
 */
export function compareDates(a: DateString, b: DateString): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Today's date in the local time zone of this process ("what day is it for the user"),
 * which is what a new expense defaults to. Pass `now` to make it deterministic.
 */
export function todayLocal(now: Date = new Date()): DateString {
  return formatDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/*
 * Instants (created/updated/synced at) are ISO 8601 UTC strings in the one canonical
 * form Date.prototype.toISOString produces, "2024-03-15T09:26:53.589Z". One form, not
 * "any ISO 8601", because instants are compared and indexed as strings: "…:53Z" sorts
 * after "…:53.5Z", and "+01:00" offsets do not sort at all.
 */

/** An instant as "YYYY-MM-DDTHH:mm:ss.sssZ". */
export type Instant = string;

const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** True for an instant in canonical form that names a real moment (no "T24:00", no Feb 30). */
export function isValidInstant(value: string): boolean {
  if (!INSTANT_SHAPE.test(value)) return false;
  const time = Date.parse(value);
  // Round-tripping rejects values Date.parse accepts by rolling over (e.g. day 31 in
  // a 30-day month in some engines).
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

/** Zod schema for an `Instant`. */
export const InstantSchema = z
  .string()
  .refine(isValidInstant, { message: 'Expected a UTC instant as YYYY-MM-DDTHH:mm:ss.sssZ' });

/** The canonical `Instant` for a Date, epoch milliseconds or any string Date can parse. */
export function toInstant(value: Date | number | string): Instant {
  const time = value instanceof Date ? value.getTime() : new Date(value).getTime();
  if (Number.isNaN(time)) throw new RangeError(`Not a point in time: ${JSON.stringify(value)}`);
  const instant = new Date(time).toISOString();
  // toISOString writes years outside 0000–9999 as "+010000-…", which is not an Instant.
  if (!INSTANT_SHAPE.test(instant)) throw new RangeError(`Year out of range: ${instant}`);
  return instant;
}

/** The current moment as an `Instant`. Pass `now` to make it deterministic. */
export function nowInstant(now: Date = new Date()): Instant {
  return toInstant(now);
}
