import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoneyParseError, parseAmount } from '../../../../../src-shared/domain';
import { readStatementAmount } from './statementAmount';

const read = (text: string, options: { decimalSeparator?: '.' | ',' | 'either' } = {}) => {
  try {
    return readStatementAmount(text, 'USD', 'amount', 3, options);
  } catch (error) {
    return (error as Error).message;
  }
};

describe('readStatementAmount', () => {
  it('reads statement amounts, dropping zeros beyond the currency’s decimals', () => {
    expect(read('-12.3400')).toBe(-1234);
    expect(read('+1,234.5')).toBe(123450);
    expect(read(' 0.00 ')).toBe(0);
    expect(read('-1.234,56', { decimalSeparator: 'either' })).toBe(-123456);
    expect(read('-12,5', { decimalSeparator: 'either' })).toBe(-1250);
    expect(readStatementAmount('1.2340', 'KWD', 'Amt', 1)).toBe(1234);
    expect(readStatementAmount('1500.00', 'JPY', 'Amt', 1)).toBe(1500);
  });

  it('refuses what it would have to round or guess, naming the line and field', () => {
    expect(read('12.345')).toBe(
      'line 3: amount "12.345" is not a USD amount (USD allows at most 2 decimal places)',
    );
    expect(read('12.345', { decimalSeparator: 'either' })).toMatch(
      /^line 3: amount "12.345" is not a USD amount/,
    );
    expect(read('1,23')).toMatch(/^line 3: amount "1,23" is not a USD amount/);
    expect(read('')).toMatch(/^line 3: amount "" is not a USD amount/);
    expect(read('1e5')).toMatch(/^line 3: amount "1e5" is not a USD amount/);
  });

  it('agrees with parseAmount on every text parseAmount accepts, and refuses what it refuses', () => {
    const text = fc.stringMatching(/^[+-]?[0-9,]{0,12}(\.[0-9]{0,3})?$/);
    fc.assert(
      fc.property(text, (candidate) => {
        let expected: number | 'refused';
        try {
          expected = parseAmount(candidate, 'USD');
        } catch (error) {
          if (!(error instanceof MoneyParseError)) throw error;
          // Extra zeros are the one thing statements may add.
          if (error.reason === 'too-many-decimals' && /\.\d{2}0+$/.test(candidate)) return;
          expected = 'refused';
        }
        const actual = read(candidate);
        expect(typeof actual === 'number' ? actual : 'refused').toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
