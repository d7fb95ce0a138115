import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleCondition } from '../../../src-shared/contract/rules';
import { ruleMatches, type RuleSubject } from './ruleMatch';

const ACCOUNT = '0190b6e4-5c3a-7d2e-9f41-6a2b3c4d5e6f';
const OTHER = '0190b6e4-5c3a-7d2e-9f41-6a2b3c4d5e70';

const subject = (over: Partial<RuleSubject> = {}): RuleSubject => ({
  accountId: ACCOUNT,
  amount: -450,
  payee: 'Blue Bottle Coffee #12',
  memo: 'Latte and a Croissant',
  ...over,
});
const holds = (condition: RuleCondition, over: Partial<RuleSubject> = {}) =>
  ruleMatches({ conditions: [condition] }, subject(over));

describe('ruleMatches: text operators', () => {
  it.each([
    ['is', 'blue bottle coffee #12', true],
    ['is', 'Blue Bottle', false],
    ['contains', 'BOTTLE', true],
    ['contains', 'bottles', false],
    ['starts_with', 'blue b', true],
    ['starts_with', 'bottle', false],
    ['ends_with', 'COFFEE #12', true],
    ['ends_with', 'coffee', false],
  ] as const)('payee %s %j → %s (any case)', (op, value, expected) => {
    expect(holds({ field: 'payee', op, value })).toBe(expected);
  });

  it('applies the same operators to the memo', () => {
    expect(holds({ field: 'memo', op: 'contains', value: 'croissant' })).toBe(true);
    expect(holds({ field: 'memo', op: 'is', value: 'latte and a croissant' })).toBe(true);
    expect(holds({ field: 'memo', op: 'starts_with', value: 'croissant' })).toBe(false);
  });

  it('treats a missing payee as empty text, which no condition value equals', () => {
    expect(holds({ field: 'payee', op: 'contains', value: 'a' }, { payee: null })).toBe(false);
    expect(holds({ field: 'payee', op: 'is', value: 'x' }, { payee: null })).toBe(false);
  });

  it('folds case and Unicode composition: "CAFÉ" matches a decomposed "café"', () => {
    const decomposed = 'cafe\u0301 de flore';
    expect(holds({ field: 'payee', op: 'starts_with', value: 'CAFÉ' }, { payee: decomposed })).toBe(
      true,
    );
  });

  it('takes pattern characters literally: no regular expressions, no ReDoS', () => {
    const payee = `${'a'.repeat(50_000)}!`;
    const started = performance.now();
    expect(holds({ field: 'payee', op: 'contains', value: '(a+)+$' }, { payee })).toBe(false);
    expect(holds({ field: 'payee', op: 'contains', value: 'a.b' }, { payee: 'axb' })).toBe(false);
    expect(holds({ field: 'payee', op: 'contains', value: 'a.b' }, { payee: 'A.B Ltd' })).toBe(
      true,
    );
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('contains holds for every substring of the payee, in any case (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % text.length;
        const end = start + 1 + (b % (text.length - start));
        const value = text.slice(start, end).toUpperCase();
        fc.pre(value.trim().length > 0 && value === value.normalize('NFC'));
        fc.pre(text === text.normalize('NFC') && text.toLowerCase().length === text.length);
        return holds({ field: 'payee', op: 'contains', value: value.trim() }, { payee: text });
      }),
    );
  });
});

describe('ruleMatches: amount', () => {
  it('compares the size, inclusive at both ends', () => {
    const range = { field: 'amount', min: 1000, max: 9999 } as const;
    expect(holds(range, { amount: -1000 })).toBe(true);
    expect(holds(range, { amount: 9999 })).toBe(true);
    expect(holds(range, { amount: -999 })).toBe(false);
    expect(holds(range, { amount: 10_000 })).toBe(false);
    expect(holds({ field: 'amount', min: 500 }, { amount: 5_000_000 })).toBe(true);
    expect(holds({ field: 'amount', max: 500 }, { amount: 0 })).toBe(true);
  });

  it('sign picks the direction; zero is neither outflow nor inflow', () => {
    expect(holds({ field: 'amount', sign: 'outflow' }, { amount: -1 })).toBe(true);
    expect(holds({ field: 'amount', sign: 'outflow' }, { amount: 1 })).toBe(false);
    expect(holds({ field: 'amount', sign: 'inflow' }, { amount: 1 })).toBe(true);
    expect(holds({ field: 'amount', sign: 'inflow' }, { amount: -1 })).toBe(false);
    expect(holds({ field: 'amount', sign: 'outflow' }, { amount: 0 })).toBe(false);
    expect(holds({ field: 'amount', sign: 'inflow' }, { amount: 0 })).toBe(false);
    expect(holds({ field: 'amount', sign: 'inflow', min: 100 }, { amount: 99 })).toBe(false);
  });
});

describe('ruleMatches: account and combination', () => {
  it('matches an account in the list', () => {
    expect(holds({ field: 'account', accountIds: [OTHER, ACCOUNT] })).toBe(true);
    expect(holds({ field: 'account', accountIds: [OTHER] })).toBe(false);
  });

  it('needs every condition to hold', () => {
    const conditions: RuleCondition[] = [
      { field: 'payee', op: 'contains', value: 'bottle' },
      { field: 'amount', sign: 'outflow', max: 1000 },
      { field: 'account', accountIds: [ACCOUNT] },
    ];
    expect(ruleMatches({ conditions }, subject())).toBe(true);
    expect(ruleMatches({ conditions }, subject({ amount: -1001 }))).toBe(false);
    expect(ruleMatches({ conditions }, subject({ accountId: OTHER }))).toBe(false);
    expect(ruleMatches({ conditions }, subject({ payee: 'Starbucks' }))).toBe(false);
  });

  it('a rule without conditions matches nothing (never the whole ledger)', () => {
    expect(ruleMatches({ conditions: [] }, subject())).toBe(false);
  });
});
