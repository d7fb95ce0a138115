import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnknownCurrencyError, type CurrencyCode } from './currencies';
import { formatAmount, toDecimalString } from './money-format';
import { MoneyParseError, parseAmount, type MoneyParseReason } from './money-parse';

/** The error parseAmount throws for `text`, failing the test if it does not throw one. */
function parseError(
  text: string,
  code: CurrencyCode,
  decimalSeparator?: '.' | ',',
): MoneyParseError {
  try {
    parseAmount(text, code, { decimalSeparator });
  } catch (error) {
    if (error instanceof MoneyParseError) return error;
    throw error;
  }
  throw new Error(`parseAmount(${JSON.stringify(text)}) did not throw`);
}

describe('parseAmount accepts', () => {
  it.each([
    ['12.34', 1234],
    ['-12.34', -1234],
    ['+12.34', 1234],
    ['12.34-', -1234],
    ['12.34 -', -1234],
    ['(12.34)', -1234],
    ['( 12.34 )', -1234],
    ['12.34\u2212', -1234],
    ['\u221212.34', -1234],
    ['1,234.56', 123456],
    ['1 234.56', 123456],
    ['1\u00a0234.56', 123456],
    ["1'234.56", 123456],
    ['1,23,456.78', 12345678],
    ['1234567.8', 123456780],
    ['12', 1200],
    ['12.', 1200],
    ['.5', 50],
    ['0.05', 5],
    ['007.00', 700],
    ['  $12.34  ', 1234],
    ['$ 12.34', 1234],
    ['-$12.34', -1234],
    ['$-12.34', -1234],
    ['($12.34)', -1234],
    ['$(12.34)', -1234],
    ['US$12.34', 1234],
    ['USD 12.34', 1234],
    ['usd12.34', 1234],
    ['12.34 USD', 1234],
    ['12.34USD-', -1234],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
    ['-90071992547409.91', Number.MIN_SAFE_INTEGER],
  ])('%j as USD → %d', (text, expected) => {
    expect(parseAmount(text, 'USD')).toBe(expected);
  });

  it.each([
    ['12,34', 1234],
    ['-12,34', -1234],
    ['1.234,56', 123456],
    ['1.234.567,89', 123456789],
    ['1 234,56 €', 123456],
    ['€ 12,34', 1234],
    ['12,34 EUR', 1234],
    ['12,34-', -1234],
  ])('%j as EUR with decimal comma → %d', (text, expected) => {
    expect(parseAmount(text, 'EUR', { decimalSeparator: ',' })).toBe(expected);
  });

  it('respects 0- and 3-decimal currencies', () => {
    expect(parseAmount('1,234', 'JPY')).toBe(1234);
    expect(parseAmount('¥1,234', 'JPY')).toBe(1234);
    expect(parseAmount('1.234', 'KWD')).toBe(1234);
    expect(parseAmount('1.2', 'KWD')).toBe(1200);
    expect(parseAmount('1.2345', 'CLF')).toBe(12345);
  });

  it('never returns -0', () => {
    expect(Object.is(parseAmount('-0.00', 'USD'), 0)).toBe(true);
    expect(Object.is(parseAmount('(0)', 'USD'), 0)).toBe(true);
  });
});

describe('parseAmount refuses', () => {
  it.each<[string, CurrencyCode, MoneyParseReason]>([
    ['', 'USD', 'empty'],
    ['   ', 'USD', 'empty'],
    ['-', 'USD', 'not-a-number'],
    ['$', 'USD', 'not-a-number'],
    ['.', 'USD', 'not-a-number'],
    ['abc', 'USD', 'not-a-number'],
    ['NaN', 'USD', 'not-a-number'],
    ['Infinity', 'USD', 'not-a-number'],
    ['-Infinity', 'USD', 'not-a-number'],
    ['1e5', 'USD', 'not-a-number'],
    ['0x10', 'USD', 'not-a-number'],
    ['12.34.56', 'USD', 'not-a-number'],
    ['$$12', 'USD', 'not-a-number'],
    ['(12.34', 'USD', 'not-a-number'],
    ['12,34', 'USD', 'bad-grouping'],
    ['1,2345', 'USD', 'bad-grouping'],
    [',123', 'USD', 'bad-grouping'],
    ['1,,234', 'USD', 'bad-grouping'],
    ['1,234 567', 'USD', 'bad-grouping'],
    ['1.234,56', 'USD', 'bad-grouping'],
    ['12.345', 'USD', 'too-many-decimals'],
    ['12.340', 'USD', 'too-many-decimals'],
    ['12.5', 'JPY', 'too-many-decimals'],
    ['1.2345', 'KWD', 'too-many-decimals'],
    ['--12', 'USD', 'sign'],
    ['-12-', 'USD', 'sign'],
    ['-(12)', 'USD', 'sign'],
    ['(-12)', 'USD', 'sign'],
    ['+12-', 'USD', 'sign'],
    ['EUR 12', 'USD', 'currency-mismatch'],
    ['12 gbp', 'USD', 'currency-mismatch'],
    ['90071992547409.92', 'USD', 'out-of-range'],
    ['99999999999999999999', 'JPY', 'out-of-range'],
  ])('%j as %s (%s)', (text, code, reason) => {
    expect(parseError(text, code).reason).toBe(reason);
  });

  it('reads "12,34" as a grouping error without the decimal-comma option', () => {
    expect(parseError('12,34', 'EUR').message).toBe(
      'Cannot read "12,34" as a EUR amount: "," is not between groups of three digits' +
        ' (is "," the decimal separator?)',
    );
  });

  it('explains each refusal in one line that names the text', () => {
    expect(parseError('12.345', 'USD').message).toBe(
      'Cannot read "12.345" as a USD amount: USD allows at most 2 decimal places',
    );
    expect(parseError('12.5', 'JPY').message).toBe(
      'Cannot read "12.5" as a JPY amount: JPY has no decimal places',
    );
    expect(parseError('', 'USD').message).toBe('Cannot read "" as a USD amount: no amount given');
    expect(parseError('EUR 12', 'USD').message).toBe(
      'Cannot read "EUR 12" as a USD amount: it is in EUR, not USD',
    );
    expect(parseError('--12', 'USD').message).toBe(
      'Cannot read "--12" as a USD amount: it has more than one sign',
    );
    expect(parseError('1.234.567,89', 'USD').message).toBe(
      'Cannot read "1.234.567,89" as a USD amount: it has more than one "."' +
        ' (is "," the decimal separator?)',
    );
    expect(parseError('1e400', 'USD').message).toBe(
      'Cannot read "1e400" as a USD amount: it is not a number',
    );
    expect(parseError('9'.repeat(30), 'USD').message).toMatch(/: it is too large$/);
  });

  it('keeps the message on one line and short whatever the input', () => {
    const error = parseError('12\n34\r\u2028"x"', 'USD');
    expect(error.message).toBe(
      'Cannot read "12\\u000a34\\u000d\\u2028\\"x\\"" as a USD amount: it is not a number',
    );
    const long = parseError(`${'1'.repeat(100)}x`, 'USD');
    expect(long.message).toBe(
      `Cannot read "${'1'.repeat(40)}…" as a USD amount: it is not a number`,
    );
    expect(long.text).toHaveLength(101); // the full text stays available to the caller
  });

  it('is a typed error carrying the input, currency and reason', () => {
    const error = parseError('abc', 'GBP');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MoneyParseError');
    expect(error).toMatchObject({ text: 'abc', currency: 'GBP', reason: 'not-a-number' });
  });

  it('treats an unknown currency code as a programming error, not a parse error', () => {
    expect(() => parseAmount('1', 'XYZ' as CurrencyCode)).toThrow(UnknownCurrencyError);
  });
});

describe('round trips', () => {
  const safeInteger = fc.maxSafeInteger();

  it.each<CurrencyCode>(['JPY', 'USD', 'KWD', 'CLF'])(
    'toDecimalString → parseAmount returns the same integer (%s)',
    (code) => {
      fc.assert(
        fc.property(safeInteger, (minor) => {
          expect(parseAmount(toDecimalString(minor, code), code)).toBe(minor);
        }),
      );
    },
  );

  // What Intl prints is what users copy and paste back, so parseAmount must read it:
  // symbols before and after, NBSP and narrow-NBSP grouping, "’" (de-CH) and lakh
  // grouping (en-IN), U+2212 minus (sv-SE), accounting parentheses.
  const locales: ReadonlyArray<[string, '.' | ',']> = [
    ['en-US', '.'],
    ['en-IN', '.'],
    ['de-CH', '.'],
    ['ja-JP', '.'],
    ['de-DE', ','],
    ['fr-FR', ','],
    ['sv-SE', ','],
    ['pt-BR', ','],
  ];

  it.each(locales)('formatAmount → parseAmount returns the same integer (%s)', (locale, sep) => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e13, max: 1e13 }),
        fc.constantFrom<CurrencyCode>('USD', 'EUR', 'JPY', 'KWD', 'CHF', 'INR'),
        fc.constantFrom('standard' as const, 'accounting' as const),
        (minor, code, currencySign) => {
          const shown = formatAmount(minor, code, locale, { currencySign });
          expect(parseAmount(shown, code, { decimalSeparator: sep })).toBe(minor);
        },
      ),
    );
  });
});
