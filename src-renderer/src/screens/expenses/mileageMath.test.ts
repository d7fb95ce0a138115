import { describe, expect, it } from 'vitest';
import { mileageMinor, rateText, readDistance, readRate } from './mileageMath';

describe('mileage arithmetic in the renderer', () => {
  it('computes distance × rate exactly, rounded half up to a cent', () => {
    // 12.5 mi at $0.655 = $8.1875 → $8.19
    expect(mileageMinor(readDistance('12.5'), readRate('0.655', 'USD'))).toBe(819);
    // 10 km at €0.30 = €3.00
    expect(mileageMinor(readDistance('10'), readRate('0.30', 'EUR'))).toBe(300);
    // 1 km at ¥0.5 rounds half up to ¥1
    expect(mileageMinor(readDistance('1'), readRate('0.5', 'JPY'))).toBe(1);
  });

  it('refuses what it would have to round or cannot read, with a sentence', () => {
    expect(() => readDistance('1.234')).toThrow('at most 2 decimal places');
    expect(() => readDistance('-3')).toThrow('plain positive number');
    expect(() => readDistance('0')).toThrow('more than zero');
    expect(() => readRate('0.655555', 'USD')).toThrow('at most 5 decimal places');
  });

  it('shows a stored rate with the currency’s decimals', () => {
    expect(rateText(65500, 'USD')).toBe('0.655');
    expect(rateText(30000, 'EUR')).toBe('0.30');
  });
});
