import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleAction } from '../../../src-shared/contract/rules';
import {
  applyRuleActions,
  MAX_TAGS,
  splitByAmounts,
  splitByPercent,
  type ActionContext,
  type RuleState,
  type RuleTarget,
} from './ruleActions';

const ACCOUNT = '0190b6e4-5c3a-7d2e-9f41-6a2b3c4d5e6f';
const FOOD = '0190b6e4-5c3a-7d2e-9f41-000000000001';
const HOME = '0190b6e4-5c3a-7d2e-9f41-000000000002';
const GONE = '0190b6e4-5c3a-7d2e-9f41-000000000003';
const ctx: ActionContext = { categoryExists: (id) => id !== GONE };

const target = (over: Partial<RuleTarget> = {}): RuleTarget => ({
  accountId: ACCOUNT,
  amount: -10_000,
  payee: 'Costco',
  memo: '',
  categoryId: null,
  tags: [],
  splits: [],
  ...over,
});
const state = (over: Partial<RuleTarget> = {}): RuleState => {
  const t = target(over);
  return { target: t, splitLocked: t.splits.length > 0 };
};
const run = (s: RuleState, ...actions: RuleAction[]) => applyRuleActions(s, actions, ctx);

const percent = (replaceExistingSplit = false): RuleAction => ({
  type: 'split_percent',
  parts: [
    { categoryId: FOOD, basisPoints: 7000, memo: 'food' },
    { categoryId: HOME, basisPoints: 3000, memo: '' },
  ],
  replaceExistingSplit,
});

describe('applyRuleActions', () => {
  it('sets the category, and returns the same state when nothing changes', () => {
    const before = state();
    const after = run(before, { type: 'set_category', categoryId: FOOD });
    expect(after.target.categoryId).toBe(FOOD);
    expect(before.target.categoryId).toBeNull(); // pure: the input is untouched
    expect(run(after, { type: 'set_category', categoryId: FOOD })).toBe(after);
  });

  it('skips an action whose category was deleted, and still runs the others', () => {
    const after = run(
      state(),
      { type: 'set_category', categoryId: GONE },
      { type: 'add_tags', tags: ['bulk'] },
    );
    expect(after.target.categoryId).toBeNull();
    expect(after.target.tags).toEqual(['bulk']);
    // A split with one vanished category is skipped whole: half a split would be wrong.
    const untouched = state();
    const split: RuleAction = {
      type: 'split_percent',
      parts: [
        { categoryId: FOOD, basisPoints: 7000, memo: '' },
        { categoryId: GONE, basisPoints: 3000, memo: '' },
      ],
      replaceExistingSplit: false,
    };
    expect(run(untouched, split)).toBe(untouched);
  });

  it('sets the payee, but treats a name differing only in ASCII case as the same payee', () => {
    expect(run(state(), { type: 'set_payee', payee: 'Costco Wholesale' }).target.payee).toBe(
      'Costco Wholesale',
    );
    const same = state();
    expect(run(same, { type: 'set_payee', payee: 'COSTCO' })).toBe(same);
    expect(run(state({ payee: null }), { type: 'set_payee', payee: 'X' }).target.payee).toBe('X');
  });

  it('adds tags without duplicates (any ASCII case), keeping existing ones first, at most 50', () => {
    const after = run(state({ tags: ['Bulk'] }), {
      type: 'add_tags',
      tags: ['bulk', 'home', 'HOME'],
    });
    expect(after.target.tags).toEqual(['Bulk', 'home']);
    const full = Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`);
    const capped = state({ tags: full });
    expect(run(capped, { type: 'add_tags', tags: ['one more'] })).toBe(capped);
  });

  it('splits by percentage and clears the category', () => {
    const after = run(state({ categoryId: FOOD }), percent());
    expect(after.target.categoryId).toBeNull();
    expect(after.target.splits).toEqual([
      { categoryId: FOOD, amount: -7000, memo: 'food' },
      { categoryId: HOME, amount: -3000, memo: '' },
    ]);
  });

  it('never re-splits a transaction that came split, unless the action replaces splits', () => {
    const handSplit = state({
      splits: [
        { categoryId: FOOD, amount: -5000, memo: '' },
        { categoryId: null, amount: -5000, memo: '' },
      ],
    });
    expect(run(handSplit, percent())).toBe(handSplit);
    expect(run(handSplit, { type: 'set_category', categoryId: HOME })).toBe(handSplit);
    const replaced = run(handSplit, percent(true));
    expect(replaced.target.splits.map((s) => s.amount)).toEqual([-7000, -3000]);
    // Once the rules made the split, a later rule may change it again.
    expect(run(replaced, { type: 'set_category', categoryId: HOME }).target).toMatchObject({
      categoryId: HOME,
      splits: [],
    });
  });

  it('lets a later action replace a split made earlier in the same run', () => {
    const after = run(state(), percent(), { type: 'set_category', categoryId: HOME });
    expect(after.target).toMatchObject({ categoryId: HOME, splits: [] });
  });

  it('does not split a zero amount', () => {
    const zero = state({ amount: 0 });
    expect(run(zero, percent())).toBe(zero);
  });

  it('splits by fixed amounts with the transaction sign and a remainder line', () => {
    const action: RuleAction = {
      type: 'split_fixed',
      parts: [{ categoryId: HOME, amount: 2500, memo: 'deposit' }],
      remainder: { categoryId: FOOD, memo: 'rest' },
      replaceExistingSplit: false,
    };
    expect(run(state(), action).target.splits).toEqual([
      { categoryId: HOME, amount: -2500, memo: 'deposit' },
      { categoryId: FOOD, amount: -7500, memo: 'rest' },
    ]);
    expect(run(state({ amount: 10_000 }), action).target.splits.map((s) => s.amount)).toEqual([
      2500, 7500,
    ]);
    // Fixed parts that leave nothing (or less than nothing) for the remainder: skipped.
    const small = state({ amount: -2500 });
    expect(run(small, action)).toBe(small);
  });
});

const basisPoints = fc
  .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 19 })
  .map((cuts) => {
    // Random cut points in 1..9999 give parts ≥ 1 that add up to 10000 exactly.
    const points = [...new Set(cuts.map((c) => Math.min(c, 9_999)))].sort((a, b) => a - b);
    const edges = [0, ...points, 10_000];
    return edges.slice(1).map((edge, i) => edge - (edges[i] ?? 0));
  })
  .filter((parts) => parts.length >= 2);
const amounts = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(1, -1, 2, -2, 3, -3, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
);

describe('split allocation (property)', () => {
  it('percentage parts always add up exactly to the amount, each within one unit of its share', () => {
    fc.assert(
      fc.property(amounts, basisPoints, (amount, points) => {
        expect(points.reduce((a, b) => a + b, 0)).toBe(10_000);
        const lines = splitByPercent(
          amount,
          points.map((bp) => ({ categoryId: null, basisPoints: bp, memo: '' })),
        );
        expect(lines).toHaveLength(points.length);
        const total = lines.reduce((acc, line) => acc + BigInt(line.amount), 0n);
        expect(total).toBe(BigInt(amount));
        lines.forEach((line, i) => {
          expect(Number.isSafeInteger(line.amount)).toBe(true);
          expect(line.amount === 0 || Math.sign(line.amount) === Math.sign(amount)).toBe(true);
          // |part × 10000 − amount × bp| < 10000: less than one minor unit off.
          const error = BigInt(line.amount) * 10_000n - BigInt(amount) * BigInt(points[i] ?? 0);
          expect(error < 10_000n && error > -10_000n).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('fixed parts plus the remainder always add up exactly to the amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000_000, max: 100_000_000 }),
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 19 }),
        (amount, sizes) => {
          const lines = splitByAmounts(
            amount,
            sizes.map((size) => ({ categoryId: null, amount: size, memo: '' })),
            { categoryId: null, memo: '' },
          );
          const fixed = sizes.reduce((a, b) => a + b, 0);
          if (fixed >= Math.abs(amount)) return lines === null;
          return (
            lines !== null &&
            lines.length === sizes.length + 1 &&
            lines.reduce((a, line) => a + line.amount, 0) === amount &&
            lines.every((line) => Math.sign(line.amount) === Math.sign(amount))
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
