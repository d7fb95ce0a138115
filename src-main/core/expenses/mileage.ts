import { minorUnits, type CurrencyCode } from '../../../src-shared/domain';
import { invalid } from '../coreError';

/*
 * Mileage in exact integers. A distance is kept in hundredths of a unit (12.5 km =
 * 1250) and a rate in thousandths of a minor unit per unit ($0.655/mi = 65500), so
 * real-world rates with a fraction of a cent (the IRS's 65.5 ¢, Germany's €0.30)
 * are exact. amount = distance × rate / 100,000, computed in bigint and rounded half
 * up to a whole minor unit, once, at the end.
 */

const SCALE = 100_000n; // hundredths of a unit × thousandths of a minor unit

/** The amount in minor units (positive) for a distance at a rate. */
export function mileageAmount(distanceHundredths: number, rateMilliMinor: number): number {
  if (!Number.isSafeInteger(distanceHundredths) || distanceHundredths <= 0)
    throw invalid('the distance must be positive');
  if (!Number.isSafeInteger(rateMilliMinor) || rateMilliMinor <= 0)
    throw invalid('the mileage rate must be positive');
  const product = BigInt(distanceHundredths) * BigInt(rateMilliMinor);
  const whole = product / SCALE;
  const rounded = (product % SCALE) * 2n >= SCALE ? whole + 1n : whole;
  const amount = Number(rounded);
  if (!Number.isSafeInteger(amount)) throw invalid('the mileage amount is too large');
  return amount;
}

/** Decimal places a rate may have in `currency`: its minor digits plus three. */
export function rateDecimals(currency: CurrencyCode): number {
  return minorUnits(currency) + 3;
}

/**
 * Reads a plain decimal ("12.5", "0.655") into an integer scaled by 10^decimals.
 * No signs, exponents, grouping or more decimals than allowed: a value that would be
 * rounded is refused, never silently changed.
 */
export function parseScaledDecimal(text: string, decimals: number, what: string): number {
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw invalid(`${what} must be a plain positive number such as 12.5`);
  const fraction = match[2] ?? '';
  if (fraction.length > decimals)
    throw invalid(`${what} may have at most ${decimals} decimal places`);
  const value = Number(BigInt((match[1] ?? '0') + fraction.padEnd(decimals, '0')));
  if (!Number.isSafeInteger(value) || value <= 0) throw invalid(`${what} must be positive`);
  return value;
}

/** Writes an integer scaled by 10^decimals as a decimal, keeping at least `keep` places. */
export function formatScaledDecimal(value: number, decimals: number, keep = 0): string {
  const digits = String(value).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals);
  while (fraction.length > keep && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Reads a distance such as "42.5" (at most two decimals) into hundredths. */
export function parseDistance(text: string): number {
  return parseScaledDecimal(text, 2, 'the distance');
}

/** Reads a rate per unit in the currency's major units ("0.655") into thousandths of a minor unit. */
export function parseRate(text: string, currency: CurrencyCode): number {
  return parseScaledDecimal(text, rateDecimals(currency), 'the rate');
}

/** A rate for people: "0.655" for 65500 in USD, at least the currency's own decimals. */
export function formatRate(rateMilliMinor: number, currency: CurrencyCode): string {
  return formatScaledDecimal(rateMilliMinor, rateDecimals(currency), minorUnits(currency));
}

/** A distance for people: "12.5" for 1250. */
export function formatDistance(distanceHundredths: number): string {
  return formatScaledDecimal(distanceHundredths, 2);
}
