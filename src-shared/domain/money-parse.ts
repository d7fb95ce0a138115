import { isCurrencyCode, minorUnits, type CurrencyCode } from './currencies';

/** Why `parseAmount` refused a text; stable, so callers can branch on it. */
export type MoneyParseReason =
  | 'empty'
  | 'not-a-number'
  | 'bad-grouping'
  | 'too-many-decimals'
  | 'sign'
  | 'currency-mismatch'
  | 'out-of-range';

/** Thrown by `parseAmount`. The message is one line and quotes the offending text. */
export class MoneyParseError extends Error {
  override readonly name = 'MoneyParseError';
  constructor(
    readonly text: string,
    readonly currency: CurrencyCode,
    readonly reason: MoneyParseReason,
    detail: string,
  ) {
    super(`Cannot read ${quote(text)} as a ${currency} amount: ${detail}`);
  }
}

/** Options for `parseAmount`. */
export interface ParseAmountOptions {
  /** The character between whole units and the fraction. Default '.'. */
  decimalSeparator?: '.' | ',';
}

// Quote for a one-line message: escape anything that could break the line or the quotes,
// and cut long input so a whole CSV row pasted by mistake does not flood a log line.
function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  const escaped = short.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029"\\]/g, (c) =>
    c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

const LEADING_SIGN = /^[+\-\u2212]/;
const TRAILING_SIGN = /[+\-\u2212]$/;
// A currency marker is an ISO code ("USD 12") or a symbol with up to three letters on
// either side ("$", "€", "US$", "R$", "12 $US"), as Intl prints them in various locales.
// Symbols are not checked against `code`: "$" alone is used by dozens of currencies, so
// only a spelled-out code can be contradicted.
const LEADING_CURRENCY = /^(?:[A-Za-z]{3}(?![A-Za-z])|[A-Za-z]{0,3}\p{Sc}[A-Za-z]{0,3})/u;
const TRAILING_CURRENCY = /(?<![A-Za-z])(?:[A-Za-z]{3}|[A-Za-z]{0,3}\p{Sc}[A-Za-z]{0,3})$/u;
// Direction marks that Intl puts around numbers in RTL locales and that come along when a
// formatted amount is copied and pasted.
const BIDI_MARKS = /[\u200e\u200f\u061c]/g;
// Thin and no-break spaces are what Intl and many banks use as thousands separators.
const SPACES = /[\u00a0\u202f\u2009]/g;
const NUMBER_CHARS = /^[0-9.,' \u2019]+$/;
const WESTERN_GROUPS = /^\d{1,3}(?:G\d{3})*$/;
const INDIAN_GROUPS = /^\d{1,2}(?:G\d{2})*G\d{3}$/;

/**
 * Read a user- or bank-supplied amount as an integer count of minor units of `code`.
 *
 * Accepts "12.34", "-12.34", "+12.34", "12.34-" (trailing minus, common in bank exports),
 * "(12.34)" (accounting negative), grouping ("1,234.56", "1 234.56", "1'234.56", Indian
 * "1,23,456.78"), a leading or trailing currency symbol or code ("$12.34", "€ 12,34",
 * "12.34 USD"), and with `{ decimalSeparator: ',' }` the continental form "1.234,56".
 *
 * Refuses, with a `MoneyParseError`, anything it would have to guess at: more fraction
 * digits than the currency has (never rounds), misplaced grouping ("12,34" when the
 * separator is '.'), two signs, a code naming another currency, exponents, NaN/Infinity,
 * and values beyond ±(2^53 − 1) minor units.
 */
export function parseAmount(
  text: string,
  code: CurrencyCode,
  options: ParseAmountOptions = {},
): number {
  const digitsAllowed = minorUnits(code); // throws UnknownCurrencyError for a bad code
  const decimal = options.decimalSeparator ?? '.';
  const fail = (reason: MoneyParseReason, detail: string): never => {
    throw new MoneyParseError(text, code, reason, detail);
  };

  let rest = text.replace(BIDI_MARKS, '').trim();
  if (rest === '') fail('empty', 'no amount given');

  // Peel signs, parentheses and currency markers off both ends until nothing changes,
  // which accepts them in any order ("-$12", "$-12", "($12)", "12 €-") but each only once.
  let negative: boolean | undefined;
  let sawCurrency = false;
  const setSign = (isNegative: boolean) => {
    if (negative !== undefined) fail('sign', 'it has more than one sign');
    negative = isNegative;
  };
  const noteCurrency = (marker: string) => {
    if (sawCurrency) fail('not-a-number', 'it names a currency twice');
    sawCurrency = true;
    if (/^[A-Za-z]{3}$/.test(marker)) {
      const named = marker.toUpperCase();
      if (named === code) return;
      if (isCurrencyCode(named)) fail('currency-mismatch', `it is in ${named}, not ${code}`);
      fail('not-a-number', `unexpected ${quote(marker)}`);
    }
  };
  for (;;) {
    const before = rest;
    if (rest.length >= 2 && rest.startsWith('(') && rest.endsWith(')')) {
      setSign(true);
      rest = rest.slice(1, -1).trim();
    }
    let match = LEADING_SIGN.exec(rest);
    if (match) {
      setSign(match[0] !== '+');
      rest = rest.slice(match[0].length).trimStart();
    }
    match = TRAILING_SIGN.exec(rest);
    if (match) {
      setSign(match[0] !== '+');
      rest = rest.slice(0, -match[0].length).trimEnd();
    }
    match = LEADING_CURRENCY.exec(rest);
    if (match) {
      noteCurrency(match[0]);
      rest = rest.slice(match[0].length).trimStart();
    }
    match = TRAILING_CURRENCY.exec(rest);
    if (match) {
      noteCurrency(match[0]);
      rest = rest.slice(0, -match[0].length).trimEnd();
    }
    if (rest === before) break;
  }

  const body = rest.replace(SPACES, ' ');
  if (!NUMBER_CHARS.test(body) || !/\d/.test(body)) fail('not-a-number', 'it is not a number');

  const pieces = body.split(decimal);
  if (pieces.length > 2) {
    const hint = decimal === '.' ? ' (is "," the decimal separator?)' : '';
    fail('not-a-number', `it has more than one "${decimal}"${hint}`);
  }
  const whole = pieces[0] ?? '';
  const fraction = pieces[1] ?? '';

  if (!/^\d*$/.test(fraction)) {
    fail('bad-grouping', `digits after the decimal separator "${decimal}" cannot be grouped`);
  }
  const wholeDigits = readWholePart(whole, decimal, fail);
  if (fraction.length > digitsAllowed) {
    fail(
      'too-many-decimals',
      digitsAllowed === 0
        ? `${code} has no decimal places`
        : `${code} allows at most ${digitsAllowed} decimal place${digitsAllowed === 1 ? '' : 's'}`,
    );
  }

  // Number() of a digit string is exact up to 2^53 − 1 and rounds to ≥ 2^53 above it,
  // so the safe-integer test is an exact overflow test.
  const magnitude = Number(wholeDigits + fraction.padEnd(digitsAllowed, '0'));
  if (!Number.isSafeInteger(magnitude)) fail('out-of-range', 'it is too large');
  return negative === true && magnitude !== 0 ? -magnitude : magnitude;
}

// The digits of the part before the decimal separator, after checking its grouping: one
// kind of separator, groups of three (or the Indian 2-2-3), nothing empty. Strict, so a
// decimal comma read with the wrong option ("12,34") fails instead of becoming 1234.
function readWholePart(
  whole: string,
  decimal: '.' | ',',
  fail: (reason: MoneyParseReason, detail: string) => never,
): string {
  if (/^\d*$/.test(whole)) return whole === '' ? '0' : whole;
  const separators = new Set(whole.replace(/\d/g, ''));
  const [separator] = separators;
  if (separators.size !== 1 || separator === undefined) {
    return fail('bad-grouping', 'it mixes digit-group separators');
  }
  const shape = whole.split(separator).join('G');
  if (!WESTERN_GROUPS.test(shape) && !INDIAN_GROUPS.test(shape)) {
    const hint = decimal === '.' && separator === ',' ? ' (is "," the decimal separator?)' : '';
    return fail('bad-grouping', `"${separator}" is not between groups of three digits${hint}`);
  }
  return whole.split(separator).join('');
}
