import { minorUnits, type CurrencyCode } from '../../../../src-shared/domain';
import { UserInputError } from '../../api/errors';

/*
 * The same exact-integer mileage arithmetic as the core (src-main/core/expenses/mileage.ts),
 * so the amount shown while typing is the amount the core will store: distance in
 * hundredths of a unit, rate in thousandths of a minor unit, product / 100,000 rounded
 * half up.
 */

const SCALE = 100_000n;

function readScaled(text: string, decimals: number, what: string): number {
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new UserInputError(`The ${what} must be a plain positive number such as 12.5.`);
  const fraction = match[2] ?? '';
  if (fraction.length > decimals)
    throw new UserInputError(`The ${what} may have at most ${decimals} decimal places.`);
  const value = Number(BigInt((match[1] ?? '0') + fraction.padEnd(decimals, '0')));
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new UserInputError(`The ${what} must be more than zero.`);
  return value;
}

/** "42.5" → 4250 hundredths. */
export function readDistance(text: string): number {
  return readScaled(text, 2, 'distance');
}

/** "0.655" USD per unit → 65500 thousandths of a cent. */
export function readRate(text: string, currency: CurrencyCode): number {
  return readScaled(text, minorUnits(currency) + 3, 'rate');
}

/** A rate for the rate field: 65500 in USD → "0.655". */
export function rateText(rateMilliMinor: number, currency: CurrencyCode): string {
  const decimals = minorUnits(currency) + 3;
  const digits = String(rateMilliMinor).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals);
  while (fraction.length > minorUnits(currency) && fraction.endsWith('0'))
    fraction = fraction.slice(0, -1);
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The amount in minor units for a distance at a rate. */
export function mileageMinor(distanceHundredths: number, rateMilliMinor: number): number {
  const product = BigInt(distanceHundredths) * BigInt(rateMilliMinor);
  const whole = product / SCALE;
  return Number((product % SCALE) * 2n >= SCALE ? whole + 1n : whole);
}
