import { describe, expect, it } from 'vitest';
import { UnknownCurrencyError, type CurrencyCode } from './currencies';
import { MoneyRangeError } from './money';
import { formatAmount, toDecimalString } from './money-format';

const MAX = Number.MAX_SAFE_INTEGER;
// Intl separates with U+00A0 / U+202F; compare against plain spaces for readability.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('toDecimalString', () => {
  it.each<[number, CurrencyCode, string]>([
    [-1234, 'USD', '-12.34'],
    [1234, 'USD', '12.34'],
    [5, 'USD', '0.05'],
    [-5, 'USD', '-0.05'],
    [0, 'USD', '0.00'],
    [-0, 'USD', '0.00'],
    [1234, 'JPY', '1234'],
    [-1234, 'JPY', '-1234'],
    [1234, 'KWD', '1.234'],
    [-5, 'KWD', '-0.005'],
    [12345, 'CLF', '1.2345'],
    [MAX, 'USD', '90071992547409.91'],
    [-MAX, 'KWD', '-9007199254740.991'],
  ])('%d %s → %s', (minor, code, expected) => {
    expect(toDecimalString(minor, code)).toBe(expected);
  });

  it('refuses non-integers and unknown currencies', () => {
    expect(() => toDecimalString(12.5, 'USD')).toThrow(MoneyRangeError);
    expect(() => toDecimalString(MAX + 1, 'USD')).toThrow(MoneyRangeError);
    expect(() => toDecimalString(1, 'usd' as CurrencyCode)).toThrow(UnknownCurrencyError);
  });
});

describe('formatAmount', () => {
  it('formats in the given locale', () => {
    expect(formatAmount(-123456, 'USD', 'en-US')).toBe('-$1,234.56');
    expect(plain(formatAmount(-123456, 'EUR', 'de-DE'))).toBe('-1.234,56 €');
    expect(plain(formatAmount(123456, 'EUR', 'fr-FR'))).toBe('1 234,56 €');
    expect(formatAmount(123456, 'JPY', 'en-US')).toBe('¥123,456');
    expect(formatAmount(1234, 'KWD', 'en-US')).toMatch(/^KWD\s1\.234$/);
  });

  it('always shows the ISO number of decimals, even where Intl would show fewer', () => {
    // CLDR displays IQD with 0 and HUF with 2→0 digits; a stored 1.234 IQD must not show as 1.
    expect(plain(formatAmount(1234, 'IQD', 'en-US'))).toBe('IQD 1.234');
    expect(plain(formatAmount(1000, 'IQD', 'en-US'))).toBe('IQD 1.000');
    expect(plain(formatAmount(123456, 'HUF', 'en-US'))).toBe('HUF 1,234.56');
    expect(formatAmount(100, 'USD', 'en-US')).toBe('$1.00');
  });

  it('is exact for the largest amounts, where dividing as a float would not be', () => {
    // MAX / 1000 as a double is 9007199254740.990…, which Intl would print as ….990.
    expect(plain(formatAmount(MAX, 'KWD', 'en-US'))).toBe('KWD 9,007,199,254,740.991');
    expect(formatAmount(-MAX, 'USD', 'en-US')).toBe('-$90,071,992,547,409.91');
  });

  it('passes currency display and accounting sign through', () => {
    expect(formatAmount(-1234, 'USD', 'en-US', { currencySign: 'accounting' })).toBe('($12.34)');
    expect(plain(formatAmount(1234, 'USD', 'en-US', { currencyDisplay: 'code' }))).toBe(
      'USD 12.34',
    );
    expect(formatAmount(1234, 'USD', 'en-US', { currencyDisplay: 'name' })).toBe(
      '12.34 US dollars',
    );
  });

  it('keeps formatters per locale and currency apart', () => {
    expect(formatAmount(100, 'USD', 'en-US')).toBe('$1.00');
    expect(plain(formatAmount(100, 'USD', 'de-DE'))).toBe('1,00 $');
    expect(formatAmount(100, 'USD', ['en-US', 'de-DE'])).toBe('$1.00');
    expect(formatAmount(100, 'USD', 'en-US')).toBe('$1.00');
  });

  it('uses the runtime locale when none is given', () => {
    const expected = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: 'EUR',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(12.34);
    expect(formatAmount(1234, 'EUR')).toBe(expected);
  });

  it('refuses bad input', () => {
    expect(() => formatAmount(0.5, 'USD', 'en-US')).toThrow(MoneyRangeError);
    expect(() => formatAmount(1, 'USD', 'not a locale!')).toThrow(RangeError);
  });
});
