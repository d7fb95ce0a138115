import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CurrencyMismatchError,
  MinorUnitsSchema,
  MoneyRangeError,
  MoneySchema,
  add,
  allocate,
  percentOf,
  subtract,
  sum,
  sumMoney,
} from './money';

const MAX = Number.MAX_SAFE_INTEGER;
const MIN = Number.MIN_SAFE_INTEGER;
const isSafe = (value: bigint) => value >= BigInt(MIN) && value <= BigInt(MAX);

describe('add / subtract', () => {
  it('adds and subtracts exactly inside the safe range', () => {
    expect(add(1234, -34)).toBe(1200);
    expect(subtract(MIN + 1, 1)).toBe(MIN);
    expect(add(MAX - 1, 1)).toBe(MAX);
  });

  it('throws instead of leaving the safe range', () => {
    expect(() => add(MAX, 1)).toThrow(MoneyRangeError);
    expect(() => subtract(MIN, 1)).toThrow(MoneyRangeError);
  });

  it('refuses fractional and non-finite inputs', () => {
    expect(() => add(0.1, 0.2)).toThrow('The amount 0.1 is not a whole number of minor units');
    expect(() => add(Number.NaN, 1)).toThrow(MoneyRangeError);
    expect(() => subtract(1, Number.POSITIVE_INFINITY)).toThrow(MoneyRangeError);
  });
});

describe('sum', () => {
  it('is 0 for no values', () => {
    expect(sum([])).toBe(0);
  });

  it('only requires the final total to fit, whatever the order', () => {
    expect(sum([MAX, 1, -1])).toBe(MAX);
    expect(sum([MIN, -5, 5, 3])).toBe(MIN + 3);
    expect(() => sum([MAX, 1])).toThrow(MoneyRangeError);
  });

  it('matches exact bigint arithmetic, throwing exactly when the total is unsafe', () => {
    fc.assert(
      fc.property(fc.array(fc.maxSafeInteger(), { maxLength: 8 }), (values) => {
        const exact = values.reduce((acc, v) => acc + BigInt(v), 0n);
        if (isSafe(exact)) expect(BigInt(sum(values))).toBe(exact);
        else expect(() => sum(values)).toThrow(MoneyRangeError);
      }),
    );
  });

  it('accepts any iterable', () => {
    expect(sum(new Set([1, 2, 3]))).toBe(6);
  });
});

describe('sumMoney', () => {
  it('sums one currency and refuses to mix currencies', () => {
    expect(
      sumMoney(
        [
          { minor: 150, currency: 'EUR' },
          { minor: -50, currency: 'EUR' },
        ],
        'EUR',
      ),
    ).toEqual({ minor: 100, currency: 'EUR' });
    expect(() =>
      sumMoney(
        [
          { minor: 1, currency: 'EUR' },
          { minor: 1, currency: 'USD' },
        ],
        'EUR',
      ),
    ).toThrow(new CurrencyMismatchError('EUR', 'USD'));
    expect(() => sumMoney([{ minor: 1, currency: 'USD' }], 'EUR')).toThrow(
      'Cannot combine USD with EUR without an exchange rate',
    );
  });
});

describe('allocate', () => {
  it('splits by largest remainder, ties to the earlier part', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(5, [1, 2])).toEqual([2, 3]);
    expect(allocate(1, [1, 1])).toEqual([1, 0]);
    expect(allocate(10, [0, 1])).toEqual([0, 10]);
    // 7 × 3/10 = 2.1, 7 × 7/10 = 4.9: the larger remainder (0.9) gets the leftover unit.
    expect(allocate(7, [3, 7])).toEqual([2, 5]);
  });

  it('mirrors negative totals and never returns -0', () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    const zeros = allocate(0, [1, 2]);
    expect(zeros.every((part) => Object.is(part, 0))).toBe(true);
    expect(Object.is(allocate(-1, [1, 1])[1], 0)).toBe(true);
  });

  it('stays exact when total × weight passes 2^53', () => {
    expect(allocate(MAX, [MAX, MAX])).toEqual([(MAX + 1) / 2, (MAX - 1) / 2]);
  });

  it('refuses bad weights and totals', () => {
    expect(() => allocate(100, [])).toThrow(RangeError);
    expect(() => allocate(100, [0, 0])).toThrow('allocate needs at least one positive weight');
    expect(() => allocate(100, [1, -1])).toThrow('Weight -1 is not a non-negative whole number');
    expect(() => allocate(100, [0.5])).toThrow(RangeError);
    expect(() => allocate(1.5, [1])).toThrow(MoneyRangeError);
  });

  const weightsArb = fc.oneof(
    fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 12 }),
    fc.array(fc.maxSafeNat(), { minLength: 1, maxLength: 6 }),
  );

  it('always sums exactly to the total and stays within one unit of each exact share', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), weightsArb, (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = allocate(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.every(Number.isSafeInteger)).toBe(true);
        expect(parts.reduce((acc, p) => acc + BigInt(p), 0n)).toBe(BigInt(total));
        const weightSum = weights.reduce((acc, w) => acc + BigInt(w), 0n);
        parts.forEach((part, i) => {
          // |part − total·w/W| < 1  ⇔  |part·W − total·w| < W, all in exact integers.
          const error = BigInt(part) * weightSum - BigInt(total) * BigInt(weights[i] ?? 0);
          expect(error < 0n ? -error : error).toBeLessThan(weightSum);
        });
      }),
    );
  });

  it('is deterministic and sign-symmetric', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), weightsArb, (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        expect(allocate(total, weights)).toEqual(allocate(total, weights));
        expect(allocate(-total, weights)).toEqual(allocate(total, weights).map((p) => -p || 0));
      }),
    );
  });
});

describe('percentOf', () => {
  it('takes basis points', () => {
    expect(percentOf(1000, 750)).toBe(75); // 7.5 % of 10.00 = 0.75
    expect(percentOf(19999, 2000)).toBe(4000); // 20 % of 199.99 = 39.998 → 40.00
    expect(percentOf(-19999, 2000)).toBe(-4000);
  });

  it('rounds halves away from zero by default and to even on request', () => {
    expect(percentOf(5, 1000)).toBe(1); // 0.5
    expect(percentOf(-5, 1000)).toBe(-1);
    expect(percentOf(5, 1000, 'halfEven')).toBe(0);
    expect(Object.is(percentOf(-5, 1000, 'halfEven'), 0)).toBe(true);
    expect(percentOf(15, 1000, 'halfEven')).toBe(2); // 1.5
    expect(percentOf(25, 1000, 'halfEven')).toBe(2); // 2.5
    expect(percentOf(25, 1000)).toBe(3);
  });

  it('is exact for large values and refuses results beyond the safe range', () => {
    expect(percentOf(MAX, 10_000)).toBe(MAX);
    expect(percentOf(MAX, 5_000)).toBe((MAX + 1) / 2);
    expect(() => percentOf(MAX, 20_000)).toThrow(MoneyRangeError);
    expect(() => percentOf(100, 1.5)).toThrow(RangeError);
  });

  it('is within half a unit of the exact value', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.constantFrom('halfExpand' as const, 'halfEven' as const),
        (amount, bp, rounding) => {
          const exact = BigInt(amount) * BigInt(bp);
          if (!isSafe(exact / 10_000n)) return;
          const result = percentOf(amount, bp, rounding);
          const error = BigInt(result) * 10_000n - exact;
          expect(error < 0n ? -error : error).toBeLessThanOrEqual(5_000n);
        },
      ),
    );
  });
});

describe('schemas', () => {
  it('MinorUnitsSchema accepts only safe integers', () => {
    for (const good of [0, -5, MAX, MIN])
      expect(MinorUnitsSchema.safeParse(good).success).toBe(true);
    for (const bad of [1.5, MAX + 1, Number.NaN, Number.POSITIVE_INFINITY, '5', null]) {
      expect(MinorUnitsSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('MoneySchema needs both a safe amount and a known currency', () => {
    expect(MoneySchema.safeParse({ minor: 1234, currency: 'JPY' }).success).toBe(true);
    expect(MoneySchema.safeParse({ minor: 12.34, currency: 'JPY' }).success).toBe(false);
    expect(MoneySchema.safeParse({ minor: 1234, currency: 'jpy' }).success).toBe(false);
  });
});
