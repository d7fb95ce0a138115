import { z } from 'zod';
import { CurrencyCodeSchema, type CurrencyCode } from './currencies';

/*
 * Money is an integer count of minor units (cents, fils, yen) plus an ISO 4217 code.
 *
 * Why `number` and not `bigint`: the ledger stores amounts as SQLite INTEGER, which
 * better-sqlite3 hands back as `number` unless every statement opts into BigInt mode;
 * JSON (IPC, the sync server, exports) has no bigint; `Intl` and React take numbers. A JS
 * number is exact for every integer up to 2^53 − 1 ≈ 9.007e15 minor units, i.e. about
 * 90 trillion units of a 2-decimal currency (9 trillion of KWD). A million transactions
 * of a million each total 1e12 major units — four orders of magnitude of headroom. So
 * amounts are `number`s restricted to safe integers: every function here rejects a
 * non-integer or unsafe input and throws rather than return a result that left the exact
 * range. Where an intermediate product can exceed 2^53 (`allocate`, `percentOf`) the
 * arithmetic is done in bigint and only the checked result comes back as a number.
 */

/** Thrown when an amount is not a safe integer, or a result would leave that range. */
export class MoneyRangeError extends RangeError {
  override readonly name = 'MoneyRangeError';
}

/** Thrown when amounts in different currencies would be combined without a conversion. */
export class CurrencyMismatchError extends Error {
  override readonly name = 'CurrencyMismatchError';
  constructor(
    readonly expected: CurrencyCode,
    readonly actual: CurrencyCode,
  ) {
    super(`Cannot combine ${actual} with ${expected} without an exchange rate`);
  }
}

/** Zod schema for an amount in minor units: an integer in ±(2^53 − 1). */
export const MinorUnitsSchema = z
  .number()
  .refine(Number.isSafeInteger, { message: 'Expected a whole number of minor units' });

/** An amount together with its currency. Negative = money leaves the account. */
export interface Money {
  readonly minor: number;
  readonly currency: CurrencyCode;
}

/** Zod schema for `Money`. */
export const MoneySchema = z.object({ minor: MinorUnitsSchema, currency: CurrencyCodeSchema });

/** Throws `MoneyRangeError` unless `value` is a safe integer; returns it otherwise. */
export function assertMinorUnits(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyRangeError(`The ${what} ${String(value)} is not a whole number of minor units`);
  }
  return value;
}

function checkedResult(value: number | bigint, op: string): number {
  const n = Number(value);
  // For a bigint, Number() may round; comparing back catches that as well as overflow.
  if (!Number.isSafeInteger(n) || (typeof value === 'bigint' && BigInt(n) !== value)) {
    throw new MoneyRangeError(`The ${op} is too large to represent exactly`);
  }
  return n;
}

/** `a + b`, throwing `MoneyRangeError` if either input or the result is not a safe integer. */
export function add(a: number, b: number): number {
  return checkedResult(assertMinorUnits(a) + assertMinorUnits(b), 'sum');
}

/** `a − b`, throwing `MoneyRangeError` if either input or the result is not a safe integer. */
export function subtract(a: number, b: number): number {
  return checkedResult(assertMinorUnits(a) - assertMinorUnits(b), 'difference');
}

/**
 * Sum of amounts, exact. Adds as numbers while the running total stays safe (the common,
 * fast case) and switches to bigint if it ever leaves that range, so only the final total
 * has to fit: [MAX, 1, −1] sums to MAX instead of failing on the order of the rows.
 */
export function sum(values: Iterable<number>): number {
  let total = 0;
  let big: bigint | undefined;
  for (const value of values) {
    assertMinorUnits(value);
    if (big !== undefined) {
      big += BigInt(value);
      continue;
    }
    const next = total + value;
    if (Number.isSafeInteger(next)) total = next;
    else big = BigInt(total) + BigInt(value);
  }
  return big === undefined ? total : checkedResult(big, 'sum');
}

/**
 * Sum of `Money` values that must all be in `currency`. Throws `CurrencyMismatchError`
 * on the first item in another currency: totals across currencies need a stored exchange
 * rate and are never summed silently.
 */
export function sumMoney(items: Iterable<Money>, currency: CurrencyCode): Money {
  const amounts: number[] = [];
  for (const item of items) {
    if (item.currency !== currency) throw new CurrencyMismatchError(currency, item.currency);
    amounts.push(item.minor);
  }
  return { minor: sum(amounts), currency };
}

/**
 * Split `total` into integer parts proportional to `weights` that always add up to exactly
 * `total` (largest remainder method). Each part is the exact share rounded towards zero,
 * then the leftover units go one each to the parts with the largest remainders, ties to
 * the earlier index, so the result is deterministic and no part is a full unit away from
 * its exact share. A negative total is split as its absolute value and negated, so
 * splitting −100 mirrors splitting 100. Weights are non-negative safe integers (use basis
 * points or cents for fractional ratios) with a positive sum.
 *
 * @example allocate(100, [1, 1, 1]) // [34, 33, 33]
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinorUnits(total, 'total');
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  let weightSum = 0n;
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`Weight ${String(w)} is not a non-negative whole number`);
    }
    weightSum += BigInt(w);
  }
  if (weightSum === 0n) throw new RangeError('allocate needs at least one positive weight');

  const sign = total < 0 ? -1 : 1;
  const magnitude = BigInt(Math.abs(total));
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  let allocated = 0n;
  for (const w of weights) {
    // bigint because total × weight can pass 2^53 even when both fit.
    const exact = magnitude * BigInt(w);
    const part = exact / weightSum;
    parts.push(part);
    remainders.push(exact % weightSum);
    allocated += part;
  }

  // Each floor loses less than one unit, so fewer than weights.length units are left.
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((x, y) =>
      x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1,
    );
  let leftover = Number(magnitude - allocated);
  for (const { index } of order) {
    if (leftover === 0) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1;
  }
  // `|| 0` turns −0 into 0 so a zero part is always the same value.
  return parts.map((part) => sign * Number(part) || 0);
}

/** How `percentOf` rounds a result that falls exactly between two minor units. */
export type Rounding = 'halfExpand' | 'halfEven';

/**
 * `amount × basisPoints / 10 000` rounded to a whole minor unit (100 bp = 1 %). Default
 * rounding is half away from zero ('halfExpand'), what tax authorities and invoices
 * usually expect; 'halfEven' (banker's rounding) avoids drift when many rounded values
 * are summed. Computed in bigint so a large amount times a large rate stays exact.
 */
export function percentOf(
  amount: number,
  basisPoints: number,
  rounding: Rounding = 'halfExpand',
): number {
  assertMinorUnits(amount);
  if (!Number.isSafeInteger(basisPoints)) {
    throw new RangeError(`Basis points ${String(basisPoints)} is not a whole number`);
  }
  const product = BigInt(amount) * BigInt(basisPoints);
  const divisor = 10_000n;
  let quotient = product / divisor; // truncates towards zero
  const remainder = product % divisor; // has the sign of product
  const twiceRest = (remainder < 0n ? -remainder : remainder) * 2n;
  const awayFromZero =
    twiceRest > divisor ||
    (twiceRest === divisor && (rounding === 'halfExpand' || quotient % 2n !== 0n));
  if (awayFromZero) quotient += product < 0n ? -1n : 1n;
  return checkedResult(quotient, 'percentage') || 0;
}
