import { minorUnits, type CurrencyCode } from './currencies';
import { assertMinorUnits } from './money';

/**
 * The amount as a plain decimal string with exactly the currency's minor digits and no
 * grouping or symbol: "-12.34" (USD), "1234" (JPY), "1.234" (KWD), "0.00". Locale-free,
 * so it is the form for CSV/JSON exports and logs, and `parseAmount` reads it back to the
 * same integer. Built from the integer's digits, never by dividing, so it is exact.
 */
export function toDecimalString(minor: number, code: CurrencyCode): string {
  assertMinorUnits(minor);
  const digits = minorUnits(code);
  const sign = minor < 0 ? '-' : '';
  const magnitude = String(Math.abs(minor)); // safe integers never print in exponent form
  if (digits === 0) return sign + magnitude;
  const padded = magnitude.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Presentation choices for `formatAmount`, passed through to `Intl.NumberFormat`. */
export interface FormatAmountOptions {
  /** "$" (default 'symbol'), "US$"/"$" ('narrowSymbol'), "USD" ('code'), "US dollars". */
  currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code' | 'name';
  /** 'accounting' writes negatives as "($12.34)" in locales that do so. */
  currencySign?: 'standard' | 'accounting';
}

// Building an Intl.NumberFormat costs far more than using one, and a ledger view formats
// thousands of amounts per render, so formatters are reused. The key space is tiny (a
// handful of locales × the user's currencies); the cap only guards against misuse.
const formatters = new Map<string, Intl.NumberFormat>();
const MAX_CACHED_FORMATTERS = 256;

/**
 * The amount for display in `locale` (default: the runtime's locale) through
 * `Intl.NumberFormat` in currency style: formatAmount(-123456, 'EUR', 'de-DE') →
 * "-1.234,56 €". Shows exactly the ISO 4217 number of decimals: Intl's own table (CLDR)
 * shows fewer for some currencies (IQD 0 instead of 3, HUF 0 instead of 2), which would
 * display a stored 1.234 IQD as "1". The exact decimal string is passed to Intl instead of
 * `minor / 100`, so even the largest amounts print without float error. Throws
 * RangeError for an invalid locale tag.
 */
export function formatAmount(
  minor: number,
  code: CurrencyCode,
  locale?: string | readonly string[],
  options: FormatAmountOptions = {},
): string {
  const decimal = toDecimalString(minor, code);
  const digits = minorUnits(code);
  const display = options.currencyDisplay ?? 'symbol';
  const sign = options.currencySign ?? 'standard';
  const localeKey = locale === undefined ? '' : [locale].flat().join(',');
  const key = `${localeKey}|${code}|${display}|${sign}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(locale === undefined ? undefined : [locale].flat(), {
      style: 'currency',
      currency: code,
      currencyDisplay: display,
      currencySign: sign,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    formatters.set(key, formatter);
  }
  // Intl.NumberFormat v3 (ES2023) formats a decimal string exactly.
  return formatter.format(decimal as Intl.StringNumericLiteral);
}
