import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../src-shared/contract/rules';
import { CoreError } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { _openRulesVault, _seedLedger } from './_rulesTestSupport';
import { createRule, deleteRule, getRule, listRules, reorderRules, updateRule } from './index';

let db: SqlDatabase;
let close: () => void;
let ids: ReturnType<typeof _seedLedger>;

beforeAll(async () => {
  ({ db, close } = await _openRulesVault());
  ids = _seedLedger(db);
});
afterAll(() => close());
beforeEach(() => db.exec('DELETE FROM rules'));

const input = (name: string, over: Partial<RuleInput> = {}): RuleInput => ({
  name,
  conditions: [{ field: 'payee', op: 'contains', value: name }],
  actions: [{ type: 'set_category', categoryId: ids.coffee }],
  ...over,
});
const positions = () => listRules(db).map((rule) => [rule.name, rule.position]);
const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return error instanceof CoreError ? error.code : 'not a CoreError';
  }
  return undefined;
};

describe('rule storage', () => {
  it('appends new rules and keeps positions dense 1..n through deletes', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => createRule(db, input(name)));
    expect(positions()).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    deleteRule(db, b?.id ?? '');
    expect(positions()).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
    createRule(db, input('d'));
    deleteRule(db, a?.id ?? '');
    expect(positions()).toEqual([
      ['c', 1],
      ['d', 2],
    ]);
    expect(codeOf(() => deleteRule(db, c?.id ?? ''))).toBeUndefined();
    expect(codeOf(() => deleteRule(db, c?.id ?? ''))).toBe('NOT_FOUND');
  });

  it('round-trips conditions and actions, with defaults filled in', () => {
    const rule = createRule(db, {
      name: 'Costco',
      conditions: [
        { field: 'payee', op: 'starts_with', value: '  Costco ' },
        { field: 'amount', min: 100, max: 50_000, sign: 'outflow' },
        { field: 'account', accountIds: [ids.checking, ids.card] },
      ],
      actions: [
        {
          type: 'split_percent',
          parts: [
            { categoryId: ids.groceries, basisPoints: 6000 },
            { categoryId: ids.shopping, basisPoints: 4000, memo: 'home' },
          ],
        },
        { type: 'add_tags', tags: ['bulk'] },
      ],
    });
    expect(rule).toMatchObject({ name: 'Costco', enabled: true, position: 1 });
    expect(rule.conditions[0]).toEqual({ field: 'payee', op: 'starts_with', value: 'Costco' });
    expect(rule.actions[0]).toEqual({
      type: 'split_percent',
      parts: [
        { categoryId: ids.groceries, basisPoints: 6000, memo: '' },
        { categoryId: ids.shopping, basisPoints: 4000, memo: 'home' },
      ],
      replaceExistingSplit: false,
    });
    expect(getRule(db, rule.id)).toEqual(rule);
  });

  it('updates fields in place and keeps the position', () => {
    createRule(db, input('first'));
    const second = createRule(db, input('second'));
    const updated = updateRule(db, {
      id: second.id,
      enabled: false,
      actions: [{ type: 'set_payee', payee: 'Blue Bottle' }],
    });
    expect(updated).toMatchObject({ position: 2, enabled: false, name: 'second' });
    expect(updated.actions).toEqual([{ type: 'set_payee', payee: 'Blue Bottle' }]);
    expect(updated.conditions).toEqual(second.conditions);
  });

  it('reorders only with every rule listed exactly once', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => createRule(db, input(name)).id) as [
      string,
      string,
      string,
    ];
    expect(reorderRules(db, [c, a, b]).map((rule) => [rule.name, rule.position])).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 3],
    ]);
    expect(codeOf(() => reorderRules(db, [c, a]))).toBe('VALIDATION');
    expect(codeOf(() => reorderRules(db, [c, a, a]))).toBe('VALIDATION');
    expect(codeOf(() => reorderRules(db, [c, a, ids.checking]))).toBe('VALIDATION');
    expect(positions().map(([name]) => name)).toEqual(['c', 'a', 'b']);
  });

  it('refuses bad input, unknown references and duplicate names; writes nothing', () => {
    createRule(db, input('Coffee'));
    expect(codeOf(() => createRule(db, input('COFFEE')))).toBe('CONFLICT');
    expect(codeOf(() => createRule(db, input('x', { conditions: [] })))).toBe('VALIDATION');
    expect(codeOf(() => createRule(db, input('x', { actions: [] })))).toBe('VALIDATION');
    expect(
      codeOf(() =>
        createRule(
          db,
          input('x', {
            actions: [
              { type: 'set_category', categoryId: ids.coffee },
              {
                type: 'split_percent',
                parts: [
                  { categoryId: null, basisPoints: 5000 },
                  { categoryId: null, basisPoints: 5000 },
                ],
              },
            ],
          }),
        ),
      ),
    ).toBe('VALIDATION');
    expect(
      codeOf(() =>
        createRule(
          db,
          input('x', { actions: [{ type: 'set_category', categoryId: ids.checking }] }),
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(() =>
        createRule(
          db,
          input('x', { conditions: [{ field: 'account', accountIds: [ids.coffee] }] }),
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(listRules(db).map((rule) => rule.name)).toEqual(['Coffee']);
  });

  it('reports a stored rule it cannot read as DAMAGED rather than crashing', () => {
    const rule = createRule(db, input('Damaged'));
    db.prepare("UPDATE rules SET actions = '{not json' WHERE id = ?").run(rule.id);
    expect(codeOf(() => listRules(db))).toBe('DAMAGED');
  });
});
