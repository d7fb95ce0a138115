import type { RuleCondition, TextOperator } from '../../../src-shared/contract/rules';

/** What conditions look at: a transaction as the rules see it so far. */
export interface RuleSubject {
  accountId: string;
  /** Minor units; negative = money leaves the account. */
  amount: number;
  payee: string | null;
  memo: string;
}

/** A rule's conditions turned into one test, with the match texts folded once. */
export type SubjectTest = (subject: RuleSubject) => boolean;

/**
 * True when every condition of the rule holds for the subject (there is at least one:
 * the contract refuses a rule without conditions, and an empty list matches nothing
 * here, so a damaged rule can never rewrite the whole ledger).
 */
export function ruleMatches(
  rule: { readonly conditions: readonly RuleCondition[] },
  subject: RuleSubject,
): boolean {
  return compileConditions(rule.conditions)(subject);
}

/** Compiles conditions once, for running the same rule over many transactions. */
export function compileConditions(conditions: readonly RuleCondition[]): SubjectTest {
  if (conditions.length === 0) return () => false;
  const tests = conditions.map(compileCondition);
  return (subject) => tests.every((test) => test(subject));
}

function compileCondition(condition: RuleCondition): SubjectTest {
  switch (condition.field) {
    case 'payee': {
      const test = textTest(condition.op, condition.value);
      return (subject) => test(subject.payee ?? '');
    }
    case 'memo': {
      const test = textTest(condition.op, condition.value);
      return (subject) => test(subject.memo);
    }
    case 'amount': {
      const { min, max, sign } = condition;
      return ({ amount }) => {
        if (sign === 'outflow' && !(amount < 0)) return false;
        if (sign === 'inflow' && !(amount > 0)) return false;
        const size = Math.abs(amount);
        return (min === undefined || size >= min) && (max === undefined || size <= max);
      };
    }
    case 'account': {
      const ids = new Set(condition.accountIds);
      return (subject) => ids.has(subject.accountId);
    }
  }
}

/**
 * Case-insensitive text comparison. Plain string operations only: their cost is linear
 * in the text whatever the user typed, unlike a regular expression.
 */
function textTest(op: TextOperator, value: string): (text: string) => boolean {
  const needle = fold(value);
  switch (op) {
    case 'is':
      return (text) => fold(text) === needle;
    case 'contains':
      return (text) => fold(text).includes(needle);
    case 'starts_with':
      return (text) => fold(text).startsWith(needle);
    case 'ends_with':
      return (text) => fold(text).endsWith(needle);
  }
}

/** Same letters, same case, same Unicode composition: "CAFÉ" matches "café". */
export function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().trim();
}
