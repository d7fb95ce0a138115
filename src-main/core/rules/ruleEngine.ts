import type { Rule, RuleAction } from '../../../src-shared/contract/rules';
import type { SqlDatabase } from '../db/openDatabase';
import type { TransactionDraft } from '../ledger';
import {
  applyRuleActions,
  type ActionContext,
  type RuleState,
  type RuleTarget,
} from './ruleActions';
import { compileConditions, type SubjectTest } from './ruleMatch';
import { readableRules } from './ruleStore';

/** A rule ready to run many times: conditions compiled once. */
export interface CompiledRule {
  id: string;
  matches: SubjectTest;
  actions: readonly RuleAction[];
}

/** The outcome of running the rules over one transaction. */
export interface RuleOutcome {
  target: RuleTarget;
  /** The rules that changed something, in the order they ran. */
  ruleIds: string[];
}

/**
 * Ordering semantics: the enabled rules run one after another, by position, each on the
 * transaction as the rules before it left it. So a later rule sees an earlier rule's
 * changes (a rule that sets the payee can feed a rule that matches on it), and where two
 * rules set the same field, **the last one wins** — put general rules first and specific
 * ones after them. Tags accumulate.
 */
export function runRules(
  rules: readonly CompiledRule[],
  target: RuleTarget,
  ctx: ActionContext,
): RuleOutcome {
  let state: RuleState = { target, splitLocked: target.splits.length > 0 };
  const ruleIds: string[] = [];
  for (const rule of rules) {
    if (!rule.matches(state.target)) continue;
    const next = applyRuleActions(state, rule.actions, ctx);
    if (next.target !== state.target) ruleIds.push(rule.id);
    state = next;
  }
  return { target: state.target, ruleIds };
}

/** The enabled rules, in order, compiled. */
export function compileRules(rules: readonly Rule[]): CompiledRule[] {
  return [...rules]
    .filter((rule) => rule.enabled)
    .sort((a, b) => a.position - b.position)
    .map((rule) => ({
      id: rule.id,
      matches: compileConditions(rule.conditions),
      actions: rule.actions,
    }));
}

/** The rules of one vault, loaded once, for running over many transactions. */
export interface RuleEngine {
  run: (target: RuleTarget) => RuleOutcome;
  /** The draft with the rules' changes, or the same draft when nothing matched. */
  transformDraft: (draft: TransactionDraft) => TransactionDraft;
}

/**
 * Loads the enabled rules and the set of existing categories. Load it once for a batch
 * (an import): the rules table is read per call otherwise. The category set lets a rule
 * whose category was deleted skip that action instead of failing the write.
 */
export function loadRuleEngine(db: SqlDatabase): RuleEngine {
  const rules = compileRules(readableRules(db));
  const categories = new Set(
    (db.prepare('SELECT id FROM categories').all() as { id: string }[]).map((row) => row.id),
  );
  const ctx: ActionContext = { categoryExists: (id) => categories.has(id) };
  const run = (target: RuleTarget) => runRules(rules, target, ctx);
  return {
    run,
    transformDraft(draft) {
      if (rules.length === 0) return draft;
      const outcome = run(draftTarget(draft));
      if (outcome.ruleIds.length === 0) return draft;
      const { payee, categoryId, tags, splits } = outcome.target;
      return { ...draft, payee, categoryId, tags: [...tags], splits: [...splits] };
    },
  };
}

/**
 * The rules engine as the ledger's hook for new transactions: a
 * TransactionDraftTransform (api/transactionDraftTransform.ts) to pass to
 * ledgerHandlers instead of `unchangedDraft`. Runs every enabled rule on the draft;
 * a batch of drafts should share one loadRuleEngine instead.
 */
export function applyRulesToDraft(db: SqlDatabase, draft: TransactionDraft): TransactionDraft {
  return loadRuleEngine(db).transformDraft(draft);
}

function draftTarget(draft: TransactionDraft): RuleTarget {
  return {
    accountId: draft.accountId,
    amount: draft.amount,
    payee: draft.payee,
    memo: draft.memo,
    // The ledger ignores a split draft's category; so do the rules.
    categoryId: draft.splits.length > 0 ? null : draft.categoryId,
    tags: draft.tags,
    splits: draft.splits,
  };
}
