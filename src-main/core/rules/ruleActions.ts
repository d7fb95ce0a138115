import type { RuleAction } from '../../../src-shared/contract/rules';
import { allocate, sum } from '../../../src-shared/domain';
import type { RuleSubject } from './ruleMatch';

/** One part of a split, as rules produce it (the ledger's split input shape). */
export interface RuleSplitLine {
  categoryId: string | null;
  amount: number;
  memo: string;
}

/** Everything rules read and write on a transaction. A split one has `categoryId` null. */
export interface RuleTarget extends RuleSubject {
  categoryId: string | null;
  tags: readonly string[];
  splits: readonly RuleSplitLine[];
}

/**
 * The target plus one flag: `splitLocked` is true while the target still carries the
 * split it came with (split by hand, or by an earlier apply). Rules leave such a split
 * alone unless a split action says `replaceExistingSplit`; a split made by an earlier
 * rule in the same run is the rules' own, and a later rule may replace it.
 */
export interface RuleState {
  target: RuleTarget;
  splitLocked: boolean;
}

/** What actions need from outside: a category may have been deleted since the rule was saved. */
export interface ActionContext {
  categoryExists: (id: string) => boolean;
}

/** A transaction carries at most this many tags (the contract's limit). */
export const MAX_TAGS = 50;

/**
 * Applies one rule's actions in order. Pure: returns a new state, or the same object
 * when no action changed anything. An action that cannot apply (a vanished category,
 * a split of a zero amount, fixed parts larger than the amount, a split the rule may
 * not replace) is skipped, never an error: one stale rule must not block an import.
 */
export function applyRuleActions(
  state: RuleState,
  actions: readonly RuleAction[],
  ctx: ActionContext,
): RuleState {
  return actions.reduce((current, action) => applyAction(current, action, ctx), state);
}

function applyAction(state: RuleState, action: RuleAction, ctx: ActionContext): RuleState {
  const { target } = state;
  switch (action.type) {
    case 'set_category': {
      if (state.splitLocked || !ctx.categoryExists(action.categoryId)) return state;
      if (target.categoryId === action.categoryId && target.splits.length === 0) return state;
      return { ...state, target: { ...target, categoryId: action.categoryId, splits: [] } };
    }
    case 'set_payee': {
      // Payee names are unique without regard to ASCII case (SQLite NOCASE), so "AMAZON"
      // and "Amazon" are the same payee: no change.
      if (target.payee !== null && asciiFold(target.payee) === asciiFold(action.payee)) {
        return state;
      }
      return { ...state, target: { ...target, payee: action.payee } };
    }
    case 'add_tags': {
      const tags = mergeTags(target.tags, action.tags);
      return tags.length === target.tags.length ? state : { ...state, target: { ...target, tags } };
    }
    case 'split_percent':
    case 'split_fixed': {
      if (state.splitLocked && !action.replaceExistingSplit) return state;
      const lines = splitLinesFor(action, target.amount);
      if (!lines || lines.some((line) => line.categoryId && !ctx.categoryExists(line.categoryId))) {
        return state;
      }
      if (sameSplits(lines, target.splits)) return { ...state, splitLocked: false };
      return { splitLocked: false, target: { ...target, categoryId: null, splits: lines } };
    }
  }
}

function splitLinesFor(
  action: Extract<RuleAction, { type: 'split_percent' | 'split_fixed' }>,
  amount: number,
): RuleSplitLine[] | null {
  if (amount === 0) return null;
  return action.type === 'split_percent'
    ? splitByPercent(amount, action.parts)
    : splitByAmounts(amount, action.parts, action.remainder);
}

/**
 * Parts in proportion to basis points, always adding up to `amount` exactly: the
 * largest-remainder method of `allocate`, so no part is a whole unit off its share.
 */
export function splitByPercent(
  amount: number,
  parts: readonly { categoryId: string | null; basisPoints: number; memo: string }[],
): RuleSplitLine[] {
  const amounts = allocate(
    amount,
    parts.map((part) => part.basisPoints),
  );
  return parts.map((part, index) => ({
    categoryId: part.categoryId,
    amount: amounts[index] ?? 0,
    memo: part.memo,
  }));
}

/**
 * Fixed parts (sizes that take the transaction's sign) and a remainder line with the
 * rest. Null when the fixed parts leave nothing for the remainder: a rule written for
 * a 100.00 bill does not turn a 20.00 one into a refund line.
 */
export function splitByAmounts(
  amount: number,
  parts: readonly { categoryId: string | null; amount: number; memo: string }[],
  remainder: { categoryId: string | null; memo: string },
): RuleSplitLine[] | null {
  const fixed = sum(parts.map((part) => part.amount));
  if (fixed >= Math.abs(amount)) return null;
  const sign = amount < 0 ? -1 : 1;
  return [
    ...parts.map((part) => ({
      categoryId: part.categoryId,
      amount: sign * part.amount,
      memo: part.memo,
    })),
    { categoryId: remainder.categoryId, amount: amount - sign * fixed, memo: remainder.memo },
  ];
}

/** Existing tags first, then new ones; duplicates by the tag table's NOCASE rule dropped. */
function mergeTags(current: readonly string[], added: readonly string[]): readonly string[] {
  const seen = new Set(current.map(asciiFold));
  const merged = [...current];
  for (const tag of added) {
    if (merged.length >= MAX_TAGS) break;
    const key = asciiFold(tag);
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(tag);
  }
  return merged;
}

export function sameSplits(a: readonly RuleSplitLine[], b: readonly RuleSplitLine[]): boolean {
  return (
    a.length === b.length &&
    a.every((line, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        line.categoryId === other.categoryId &&
        line.amount === other.amount &&
        line.memo === other.memo
      );
    })
  );
}

/** SQLite's NOCASE: only A–Z fold. Names that differ beyond that are different rows. */
export function asciiFold(text: string): string {
  return text.replace(/[A-Z]/g, (char) => char.toLowerCase());
}
