import type {
  Rule,
  RuleAction,
  RuleCondition,
  RuleInput,
  TextOperator,
} from '../../../../src-shared/contract';
import { UserInputError } from '../../api/errors';
import { money, readAmount } from '../../ui/format';

/*
 * The rule editor's working copy. Amounts are kept as the text the user typed until
 * save; split actions (made from the command line or an earlier version) cannot be
 * edited here and are carried through unchanged.
 */

let nextKey = 1;
const key = (): number => nextKey++;

export type ConditionDraft =
  | { key: number; field: 'payee' | 'memo'; op: TextOperator; value: string }
  | { key: number; field: 'amount'; sign: '' | 'outflow' | 'inflow'; min: string; max: string }
  | { key: number; field: 'account'; accountIds: string[] };

export type ActionDraft =
  | { key: number; type: 'set_category'; categoryId: string | null }
  | { key: number; type: 'set_payee'; payee: string }
  | { key: number; type: 'add_tags'; tags: string }
  | { key: number; type: 'kept'; action: RuleAction };

export interface RuleDraft {
  name: string;
  enabled: boolean;
  conditions: ConditionDraft[];
  actions: ActionDraft[];
}

export const TEXT_OPERATOR_LABELS: Record<TextOperator, string> = {
  contains: 'contains',
  is: 'is exactly',
  starts_with: 'starts with',
  ends_with: 'ends with',
};

export function newCondition(field: ConditionDraft['field']): ConditionDraft {
  switch (field) {
    case 'payee':
    case 'memo':
      return { key: key(), field, op: 'contains', value: '' };
    case 'amount':
      return { key: key(), field, sign: 'outflow', min: '', max: '' };
    case 'account':
      return { key: key(), field, accountIds: [] };
  }
}

export function newAction(type: 'set_category' | 'set_payee' | 'add_tags'): ActionDraft {
  switch (type) {
    case 'set_category':
      return { key: key(), type, categoryId: null };
    case 'set_payee':
      return { key: key(), type, payee: '' };
    case 'add_tags':
      return { key: key(), type, tags: '' };
  }
}

export function emptyDraft(): RuleDraft {
  return {
    name: '',
    enabled: true,
    conditions: [newCondition('payee')],
    actions: [newAction('set_category')],
  };
}

function amountText(minor: number | undefined, currency: string): string {
  if (minor === undefined) return '';
  return money(minor, currency).replace(/[^\d.,-]/g, '');
}

export function draftFromRule(rule: Rule, currency: string): RuleDraft {
  return {
    name: rule.name,
    enabled: rule.enabled,
    conditions: rule.conditions.map((c): ConditionDraft => {
      switch (c.field) {
        case 'payee':
        case 'memo':
          return { key: key(), field: c.field, op: c.op, value: c.value };
        case 'amount':
          return {
            key: key(),
            field: 'amount',
            sign: c.sign ?? '',
            min: amountText(c.min, currency),
            max: amountText(c.max, currency),
          };
        case 'account':
          return { key: key(), field: 'account', accountIds: [...c.accountIds] };
      }
    }),
    actions: rule.actions.map((a): ActionDraft => {
      switch (a.type) {
        case 'set_category':
          return { key: key(), type: a.type, categoryId: a.categoryId };
        case 'set_payee':
          return { key: key(), type: a.type, payee: a.payee };
        case 'add_tags':
          return { key: key(), type: a.type, tags: a.tags.join(', ') };
        default:
          return { key: key(), type: 'kept', action: a };
      }
    }),
  };
}

function magnitude(text: string, currency: string, what: string): number | undefined {
  if (text.trim() === '') return undefined;
  return Math.abs(readAmount(text, currency, what));
}

/** The draft as the contract's input; a human error for what the user must fix. */
export function ruleInputFromDraft(draft: RuleDraft, currency: string): RuleInput {
  if (draft.name.trim() === '') throw new UserInputError('Give the rule a name.');
  if (draft.conditions.length === 0) throw new UserInputError('Add at least one condition.');
  if (draft.actions.length === 0) throw new UserInputError('Add at least one action.');
  const conditions = draft.conditions.map((c): RuleCondition => {
    switch (c.field) {
      case 'payee':
      case 'memo':
        if (c.value.trim() === '')
          throw new UserInputError(`Enter the text the ${c.field} should match.`);
        return { field: c.field, op: c.op, value: c.value.trim() };
      case 'amount': {
        const min = magnitude(c.min, currency, 'smallest amount');
        const max = magnitude(c.max, currency, 'largest amount');
        if (min === undefined && max === undefined && c.sign === '')
          throw new UserInputError('An amount condition needs a direction or a range.');
        if (min !== undefined && max !== undefined && min > max)
          throw new UserInputError('The smallest amount is larger than the largest.');
        return {
          field: 'amount',
          ...(c.sign === '' ? {} : { sign: c.sign }),
          ...(min === undefined ? {} : { min }),
          ...(max === undefined ? {} : { max }),
        };
      }
      case 'account':
        if (c.accountIds.length === 0) throw new UserInputError('Choose at least one account.');
        return { field: 'account', accountIds: c.accountIds };
    }
  });
  const actions = draft.actions.map((a): RuleAction => {
    switch (a.type) {
      case 'set_category':
        if (a.categoryId === null) throw new UserInputError('Choose the category to set.');
        return { type: 'set_category', categoryId: a.categoryId };
      case 'set_payee':
        if (a.payee.trim() === '') throw new UserInputError('Enter the payee name to set.');
        return { type: 'set_payee', payee: a.payee.trim() };
      case 'add_tags': {
        const tags = a.tags
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t !== '');
        if (tags.length === 0) throw new UserInputError('Enter at least one tag.');
        return { type: 'add_tags', tags };
      }
      case 'kept':
        return a.action;
    }
  });
  return { name: draft.name.trim(), enabled: draft.enabled, conditions, actions };
}
