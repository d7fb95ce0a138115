/**
 * Rules: ordered conditions (payee, memo, amount, account) and actions (category,
 * payee, tags, split) that run on every new transaction and, on demand, over existing
 * ones with a preview first. See ruleEngine.ts for the ordering semantics.
 */
export { listRules, getRule, createRule, updateRule, deleteRule, reorderRules } from './ruleStore';
export { ruleMatches, compileConditions, type RuleSubject } from './ruleMatch';
export {
  applyRuleActions,
  splitByPercent,
  splitByAmounts,
  type RuleTarget,
  type RuleState,
  type RuleSplitLine,
  type ActionContext,
} from './ruleActions';
export {
  applyRulesToDraft,
  loadRuleEngine,
  compileRules,
  runRules,
  type CompiledRule,
  type RuleEngine,
  type RuleOutcome,
} from './ruleEngine';
export { previewRules, applyRules } from './ruleBatch';
