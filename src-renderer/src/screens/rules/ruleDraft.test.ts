import { describe, expect, it } from 'vitest';
import { RuleInputSchema, type Rule } from '../../../../src-shared/contract';
import { UserInputError } from '../../api/errors';
import { draftFromRule, emptyDraft, newCondition, ruleInputFromDraft } from './ruleDraft';

const CATEGORY = '0190a0b0-0000-7000-8000-000000000001';
const ACCOUNT = '0190a0b0-0000-7000-8000-000000000002';

describe('the rule editor draft', () => {
  it('turns a filled draft into input the contract accepts', () => {
    const draft = emptyDraft();
    draft.name = '  Coffee  ';
    draft.conditions = [
      { ...newCondition('payee'), field: 'payee', op: 'contains', value: ' blue bottle ' },
      { ...newCondition('amount'), field: 'amount', sign: 'outflow', min: '1.50', max: '-20' },
      { ...newCondition('account'), field: 'account', accountIds: [ACCOUNT] },
    ];
    draft.actions = [
      { key: 1, type: 'set_category', categoryId: CATEGORY },
      { key: 2, type: 'add_tags', tags: 'food, ,treat ' },
    ];
    const input = ruleInputFromDraft(draft, 'USD');
    expect(input).toEqual({
      name: 'Coffee',
      enabled: true,
      conditions: [
        { field: 'payee', op: 'contains', value: 'blue bottle' },
        // Sizes, whatever sign was typed: direction is the condition's `sign`.
        { field: 'amount', sign: 'outflow', min: 150, max: 2000 },
        { field: 'account', accountIds: [ACCOUNT] },
      ],
      actions: [
        { type: 'set_category', categoryId: CATEGORY },
        { type: 'add_tags', tags: ['food', 'treat'] },
      ],
    });
    expect(RuleInputSchema.safeParse(input).success).toBe(true);
  });

  it('asks for what is missing in words, before calling the core', () => {
    const draft = emptyDraft();
    expect(() => ruleInputFromDraft(draft, 'USD')).toThrow(
      new UserInputError('Give the rule a name.'),
    );
    draft.name = 'x';
    expect(() => ruleInputFromDraft(draft, 'USD')).toThrow(
      'Enter the text the payee should match.',
    );
    draft.conditions = [{ key: 9, field: 'amount', sign: '', min: '', max: '' }];
    expect(() => ruleInputFromDraft(draft, 'USD')).toThrow('needs a direction or a range');
    draft.conditions = [{ key: 9, field: 'amount', sign: '', min: '9', max: '3' }];
    expect(() => ruleInputFromDraft(draft, 'USD')).toThrow('smallest amount is larger');
    draft.conditions = [{ key: 9, field: 'amount', sign: '', min: 'lots', max: '' }];
    expect(() => ruleInputFromDraft(draft, 'USD')).toThrow(UserInputError);
    draft.conditions = [{ key: 9, field: 'amount', sign: 'inflow', min: '', max: '' }];
    expect(() => ruleInputFromDraft(draft, 'USD')).toThrow('Choose the category to set.');
  });

  it('round-trips a stored rule, carrying split actions it cannot edit unchanged', () => {
    const split = {
      type: 'split_percent' as const,
      parts: [
        { categoryId: CATEGORY, basisPoints: 6000, memo: '' },
        { categoryId: null, basisPoints: 4000, memo: 'rest' },
      ],
      replaceExistingSplit: false,
    };
    const rule: Rule = {
      id: '0190a0b0-0000-7000-8000-000000000003',
      position: 1,
      name: 'Groceries split',
      enabled: false,
      conditions: [{ field: 'amount', min: 1234, sign: 'outflow' }],
      actions: [split, { type: 'set_payee', payee: 'Market' }],
      createdAt: '2026-01-01T00:00:00Z',
    };
    const input = ruleInputFromDraft(draftFromRule(rule, 'USD'), 'USD');
    expect(input).toEqual({
      name: 'Groceries split',
      enabled: false,
      conditions: [{ field: 'amount', sign: 'outflow', min: 1234 }],
      actions: [split, { type: 'set_payee', payee: 'Market' }],
    });
  });
});
