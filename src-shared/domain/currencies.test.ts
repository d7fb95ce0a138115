import { describe, expect, it } from 'vitest';
import {
  CURRENCY_CODES,
  CurrencyCodeSchema,
  UnknownCurrencyError,
  isCurrencyCode,
  minorUnits,
} from './currencies';

const codesWithDigits = (digits: number) =>
  CURRENCY_CODES.filter((code) => minorUnits(code) === digits);

describe('minor-unit table', () => {
  it('has exactly the ISO 4217 zero-decimal currencies', () => {
    expect(codesWithDigits(0)).toEqual([
      'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI',
      'VND', 'VUV', 'XAF', 'XOF', 'XPF',
    ]); // prettier-ignore
  });

  it('has exactly the ISO 4217 three-decimal currencies', () => {
    expect(codesWithDigits(3)).toEqual(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
  });

  it('has the two four-decimal units of account and nothing else outside 0, 2, 3', () => {
    expect(codesWithDigits(4)).toEqual(['CLF', 'UYW']);
    const others = CURRENCY_CODES.filter((code) => ![0, 2, 3, 4].includes(minorUnits(code)));
    expect(others).toEqual([]);
  });

  it('uses ISO precision where CLDR/Intl shows fewer digits', () => {
    expect(minorUnits('IQD')).toBe(3);
    expect(minorUnits('HUF')).toBe(2);
    expect(minorUnits('IDR')).toBe(2);
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('EUR')).toBe(2);
  });

  it('covers every currency the runtime knows, except units with no minor unit', () => {
    // ISO gives "N.A." minor units for these; they are excluded on purpose.
    const noMinorUnit = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT']);
    const missing = Intl.supportedValuesOf('currency').filter(
      (code) => !noMinorUnit.has(code) && !['XSU', 'XUA', 'XTS', 'XXX'].includes(code),
    );
    expect(missing.filter((code) => !isCurrencyCode(code))).toEqual([]);
  });

  it('is sorted and every code is three upper-case letters', () => {
    expect([...CURRENCY_CODES].sort()).toEqual(CURRENCY_CODES);
    for (const code of CURRENCY_CODES) expect(code).toMatch(/^[A-Z]{3}$/);
  });
});

describe('minorUnits / isCurrencyCode', () => {
  it('refuses unknown, lower-case and prototype names', () => {
    for (const bad of ['usd', 'XYZ', 'XAU', '', 'toString', '__proto__', 'USDX']) {
      expect(isCurrencyCode(bad)).toBe(false);
      expect(() => minorUnits(bad)).toThrow(UnknownCurrencyError);
    }
  });

  it('names the bad code in the error', () => {
    expect(() => minorUnits('usd')).toThrow('Unknown currency code "usd"');
  });
});

describe('CurrencyCodeSchema', () => {
  it('accepts known codes and rejects others with a short message', () => {
    expect(CurrencyCodeSchema.parse('KWD')).toBe('KWD');
    for (const bad of ['eur', 'XAU', 'EURO', 42, null]) {
      const result = CurrencyCodeSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(
        'Expected a known ISO 4217 currency code such as "EUR"',
      );
    }
  });
});
