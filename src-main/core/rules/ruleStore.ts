import type { z } from 'zod';
import {
  RuleActionsSchema,
  RuleConditionsSchema,
  RuleInputSchema,
  RulePatchSchema,
  type Rule,
  type RuleAction,
  type RuleCondition,
  type RuleInput,
} from '../../../src-shared/contract/rules';
import { newId } from '../../../src-shared/domain/ids';
import { conflict, CoreError, invalid, notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { requireAccount, requireCategory } from '../ledger';

interface RuleRow {
  id: string;
  position: number;
  name: string;
  enabled: number;
  conditions: string;
  actions: string;
  created_at: string;
}

const SELECT_RULES =
  'SELECT id, position, name, enabled, conditions, actions, created_at FROM rules';

/** Every rule in the order they run (position 1 first). A rule it cannot read is DAMAGED. */
export function listRules(db: SqlDatabase): Rule[] {
  return ruleRows(db).map((row) => {
    const rule = toRule(row);
    if (!rule) throw new CoreError('DAMAGED', `rule "${row.name}" cannot be read`);
    return rule;
  });
}

/**
 * The rules that can be read, for running them: a rule damaged outside the app must
 * not stop every new transaction from being saved. listRules still reports it.
 */
export function readableRules(db: SqlDatabase): Rule[] {
  return ruleRows(db).flatMap((row) => toRule(row) ?? []);
}

function ruleRows(db: SqlDatabase): RuleRow[] {
  return db.prepare(`${SELECT_RULES} ORDER BY position, id`).all() as RuleRow[];
}

export function getRule(db: SqlDatabase, id: string): Rule {
  const row = db.prepare(`${SELECT_RULES} WHERE id = ?`).get(id) as RuleRow | undefined;
  if (!row) throw notFound('rule');
  const rule = toRule(row);
  if (!rule) throw new CoreError('DAMAGED', `rule "${row.name}" cannot be read`);
  return rule;
}

/**
 * Adds a rule at the end of the order. Input is parsed here as well as at the bridge,
 * because the CLI calls this directly. Categories and accounts it names must exist now;
 * ones deleted later are skipped when the rule runs.
 */
export function createRule(db: SqlDatabase, input: RuleInput): Rule {
  const rule = parse(RuleInputSchema, input);
  return db.transaction(() => {
    assertNameFree(db, rule.name, null);
    assertReferencesExist(db, rule.conditions, rule.actions);
    const id = newId();
    db.prepare(
      `INSERT INTO rules (id, position, name, enabled, conditions, actions, created_at)
       VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM rules), ?, ?, ?, ?, ?)`,
    ).run(
      id,
      rule.name,
      rule.enabled ? 1 : 0,
      JSON.stringify(rule.conditions),
      JSON.stringify(rule.actions),
      new Date().toISOString(),
    );
    return getRule(db, id);
  })();
}

/** Changes a rule's name, enabled flag, conditions or actions; its position stays. */
export function updateRule(db: SqlDatabase, patch: z.input<typeof RulePatchSchema>): Rule {
  const input = parse(RulePatchSchema, patch);
  return db.transaction(() => {
    const current = getRule(db, input.id);
    const next = {
      name: input.name ?? current.name,
      enabled: input.enabled ?? current.enabled,
      conditions: input.conditions ?? current.conditions,
      actions: input.actions ?? current.actions,
    };
    if (input.name !== undefined) assertNameFree(db, next.name, current.id);
    assertReferencesExist(db, input.conditions ?? [], input.actions ?? []);
    db.prepare(
      'UPDATE rules SET name = ?, enabled = ?, conditions = ?, actions = ? WHERE id = ?',
    ).run(
      next.name,
      next.enabled ? 1 : 0,
      JSON.stringify(next.conditions),
      JSON.stringify(next.actions),
      current.id,
    );
    return getRule(db, current.id);
  })();
}

/** Deletes a rule and closes the gap, so positions stay 1..n. */
export function deleteRule(db: SqlDatabase, id: string): void {
  db.transaction(() => {
    const row = db.prepare('SELECT position FROM rules WHERE id = ?').get(id) as
      { position: number } | undefined;
    if (!row) throw notFound('rule');
    db.prepare('DELETE FROM rules WHERE id = ?').run(id);
    db.prepare('UPDATE rules SET position = position - 1 WHERE position > ?').run(row.position);
  })();
}

/**
 * Puts the rules in the given order: `ids` must name every rule exactly once, so a UI
 * working from a stale list cannot silently drop or duplicate a rule.
 */
export function reorderRules(db: SqlDatabase, ids: readonly string[]): Rule[] {
  return db.transaction(() => {
    const existing = new Set(
      (db.prepare('SELECT id FROM rules').all() as { id: string }[]).map((row) => row.id),
    );
    const given = new Set(ids);
    if (
      given.size !== ids.length ||
      given.size !== existing.size ||
      ids.some((id) => !existing.has(id))
    ) {
      throw invalid('the new order must list every rule exactly once');
    }
    const move = db.prepare('UPDATE rules SET position = ? WHERE id = ?');
    ids.forEach((id, index) => move.run(index + 1, id));
    return listRules(db);
  })();
}

/** Null when the stored JSON no longer passes the schema. */
function toRule(row: RuleRow): Rule | null {
  // Stored JSON was validated on the way in; parsing again guards against a database
  // edited by hand.
  const conditions = RuleConditionsSchema.safeParse(safeJson(row.conditions));
  const actions = RuleActionsSchema.safeParse(safeJson(row.actions));
  if (!conditions.success || !actions.success) return null;
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    enabled: row.enabled === 1,
    conditions: conditions.data,
    actions: actions.data,
    createdAt: row.created_at,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw invalid(`${path}${issue?.message ?? 'invalid rule'}`);
}

/** Rule names are unique without regard to case, so a CLI user can tell rules apart. */
function assertNameFree(db: SqlDatabase, name: string, exceptId: string | null): void {
  const clash = db
    .prepare('SELECT 1 FROM rules WHERE name = ? COLLATE NOCASE AND id IS NOT ?')
    .get(name, exceptId);
  if (clash) throw conflict(`a rule named "${name}" already exists`);
}

function assertReferencesExist(
  db: SqlDatabase,
  conditions: readonly RuleCondition[],
  actions: readonly RuleAction[],
): void {
  for (const condition of conditions) {
    if (condition.field === 'account') condition.accountIds.forEach((id) => requireAccount(db, id));
  }
  for (const action of actions) {
    for (const id of categoryIdsOf(action)) requireCategory(db, id);
  }
}

/** Every category an action names (a split names one per part). */
function categoryIdsOf(action: RuleAction): string[] {
  switch (action.type) {
    case 'set_category':
      return [action.categoryId];
    case 'split_percent':
      return action.parts.flatMap((part) => (part.categoryId ? [part.categoryId] : []));
    case 'split_fixed':
      return [...action.parts, action.remainder].flatMap((part) =>
        part.categoryId ? [part.categoryId] : [],
      );
    case 'set_payee':
    case 'add_tags':
      return [];
  }
}
