import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carriedIn, previousMonth, rolloverRuns } from './rollover';

describe('carriedIn', () => {
  it('passes on only positive remainders, accumulating them', () => {
    expect(carriedIn([])).toBe(0);
    expect(carriedIn([{ budgeted: 100, actual: 40 }])).toBe(60);
    expect(
      carriedIn([
        { budgeted: 100, actual: 40 },
        { budgeted: 100, actual: 0 },
      ]),
    ).toBe(160);
    // Overspending resets to zero instead of borrowing from the next month.
    expect(
      carriedIn([
        { budgeted: 100, actual: 40 },
        { budgeted: 10, actual: 500 },
        { budgeted: 30, actual: 10 },
      ]),
    ).toBe(20);
  });

  it('is never negative and never more than everything budgeted minus nothing spent', () => {
    const month = fc.record({
      budgeted: fc.integer({ min: 0, max: 1e9 }),
      actual: fc.integer({ min: -1e9, max: 1e9 }),
    });
    fc.assert(
      fc.property(fc.array(month), (run) => {
        const carry = carriedIn(run);
        expect(carry).toBeGreaterThanOrEqual(0);
        const refunds = run.reduce((total, m) => total + Math.max(0, -m.actual), 0);
        const budgeted = run.reduce((total, m) => total + m.budgeted, 0);
        expect(carry).toBeLessThanOrEqual(budgeted + refunds);
      }),
    );
  });
});

describe('rolloverRuns', () => {
  it('finds the unbroken run of rollover months ending the month before', () => {
    const runs = rolloverRuns(
      new Map([
        ['a', new Set(['2023-11', '2023-12', '2024-01', '2024-02'])],
        ['b', new Set(['2023-10', '2023-12', '2024-01'])], // gap in November
        ['c', new Set(['2024-01'])], // not the month before March
        ['d', new Set(['2024-03'])], // the month itself does not count
      ]),
      '2024-03',
    );
    expect(runs).toEqual(new Map([['a', ['2023-11', '2023-12', '2024-01', '2024-02']]]));
    expect(rolloverRuns(new Map([['b', new Set(['2023-12', '2024-01'])]]), '2024-02')).toEqual(
      new Map([['b', ['2023-12', '2024-01']]]),
    );
  });

  it('stops at the first month arithmetic can name', () => {
    expect(previousMonth('0000-01')).toBeNull();
    expect(previousMonth('2024-01')).toBe('2023-12');
    expect(rolloverRuns(new Map([['a', new Set(['0000-01'])]]), '0000-02')).toEqual(
      new Map([['a', ['0000-01']]]),
    );
  });
});
