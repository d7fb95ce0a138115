import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../src-shared/contract/rules';
import type { SqlDatabase } from '../db/openDatabase';
import {
  createCategory,
  createTransaction,
  deleteCategory,
  getTransaction,
  listCategoryGroups,
} from '../ledger';
import { _draft, _expectTotalsMatchNaive, _openRulesVault, _seedLedger } from './_rulesTestSupport';
import {
  applyRules,
  applyRulesToDraft,
  createRule,
  listRules,
  loadRuleEngine,
  previewRules,
  reorderRules,
  updateRule,
} from './index';

let db: SqlDatabase;
let close: () => void;
let ids: ReturnType<typeof _seedLedger>;

beforeAll(async () => {
  ({ db, close } = await _openRulesVault());
  ids = _seedLedger(db);
});
afterAll(() => close());
beforeEach(() => db.exec('DELETE FROM rules'));

const payeeRule = (name: string, contains: string, actions: RuleInput['actions']) =>
  createRule(db, {
    name,
    conditions: [{ field: 'payee', op: 'contains', value: contains }],
    actions,
  });

describe('rule ordering', () => {
  it('runs rules by position and the last rule to set a field wins', () => {
    const general = payeeRule('general', 'coffee', [
      { type: 'set_category', categoryId: ids.restaurants },
    ]);
    const specific = payeeRule('specific', 'blue bottle', [
      { type: 'set_category', categoryId: ids.coffee },
    ]);
    const draft = _draft(ids.checking, { payee: 'Blue Bottle Coffee' });
    expect(applyRulesToDraft(db, draft).categoryId).toBe(ids.coffee);

    reorderRules(db, [specific.id, general.id]);
    expect(applyRulesToDraft(db, draft).categoryId).toBe(ids.restaurants);
    // A payee that only the general rule matches gets its category either way.
    expect(applyRulesToDraft(db, _draft(ids.checking, { payee: 'Corner Coffee' })).categoryId).toBe(
      ids.restaurants,
    );
  });

  it("lets a later rule see an earlier rule's changes", () => {
    payeeRule('rename', 'amzn mktp', [{ type: 'set_payee', payee: 'Amazon' }]);
    payeeRule('categorize', 'amazon', [
      { type: 'set_category', categoryId: ids.shopping },
      { type: 'add_tags', tags: ['online'] },
    ]);
    const result = applyRulesToDraft(db, _draft(ids.checking, { payee: 'AMZN Mktp US*2K4' }));
    expect(result).toMatchObject({ payee: 'Amazon', categoryId: ids.shopping, tags: ['online'] });

    // The other order: the categorizing rule runs first, before the payee is renamed.
    reorderRules(
      db,
      listRules(db)
        .map((rule) => rule.id)
        .reverse(),
    );
    const reversed = applyRulesToDraft(db, _draft(ids.checking, { payee: 'AMZN Mktp US*2K4' }));
    expect(reversed).toMatchObject({ payee: 'Amazon', categoryId: null, tags: [] });
  });

  it('accumulates tags across rules and skips disabled rules', () => {
    payeeRule('one', 'shop', [{ type: 'add_tags', tags: ['a'] }]);
    const two = payeeRule('two', 'shop', [{ type: 'add_tags', tags: ['b', 'A'] }]);
    expect(
      applyRulesToDraft(db, _draft(ids.checking, { payee: 'Shop', tags: ['x'] })).tags,
    ).toEqual(['x', 'a', 'b']);
    updateRule(db, { id: two.id, enabled: false });
    expect(applyRulesToDraft(db, _draft(ids.checking, { payee: 'Shop' })).tags).toEqual(['a']);
  });

  it('returns the very same draft when no rule changes it', () => {
    payeeRule('coffee', 'coffee', [{ type: 'set_category', categoryId: ids.coffee }]);
    const draft = _draft(ids.checking, { payee: 'Hardware store' });
    expect(applyRulesToDraft(db, draft)).toBe(draft);
    const already = _draft(ids.checking, { payee: 'Coffee', categoryId: ids.coffee });
    expect(applyRulesToDraft(db, already)).toBe(already);
  });
});

describe('applyRulesToDraft on new transactions', () => {
  it('stores the rewritten transaction: category, payee, tags and an exact split', () => {
    payeeRule('costco', 'costco', [
      {
        type: 'split_percent',
        parts: [
          { categoryId: ids.groceries, basisPoints: 3333 },
          { categoryId: ids.shopping, basisPoints: 3333 },
          { categoryId: null, basisPoints: 3334 },
        ],
      },
      { type: 'set_payee', payee: 'Costco Wholesale' },
      { type: 'add_tags', tags: ['bulk'] },
    ]);
    const created = createTransaction(
      db,
      applyRulesToDraft(db, _draft(ids.card, { payee: 'COSTCO #123', amount: -10_001 })),
    );
    const stored = getTransaction(db, created.id);
    expect(stored).toMatchObject({ payee: 'Costco Wholesale', categoryId: null, tags: ['bulk'] });
    expect(stored.splits.map((s) => [s.categoryId, s.amount])).toEqual([
      [ids.groceries, -3333],
      [ids.shopping, -3333],
      [null, -3335],
    ]);
    expect(stored.splits.reduce((total, s) => total + s.amount, 0)).toBe(-10_001);
    _expectTotalsMatchNaive(db);
  });

  it('keeps a split the user entered unless the rule replaces splits', () => {
    payeeRule('cat', 'market', [{ type: 'set_category', categoryId: ids.groceries }]);
    const splits = [
      { categoryId: ids.coffee, amount: -300, memo: '' },
      { categoryId: ids.groceries, amount: -700, memo: '' },
    ];
    const draft = _draft(ids.checking, { payee: 'Market', amount: -1000, splits });
    expect(applyRulesToDraft(db, draft)).toBe(draft);
  });

  it('one engine serves a whole batch (imports load the rules once)', () => {
    payeeRule('coffee', 'coffee', [{ type: 'set_category', categoryId: ids.coffee }]);
    const engine = loadRuleEngine(db);
    const drafts = ['Coffee A', 'Tea', 'coffee b'].map((payee) => _draft(ids.checking, { payee }));
    expect(drafts.map((d) => engine.transformDraft(d).categoryId)).toEqual([
      ids.coffee,
      null,
      ids.coffee,
    ]);
  });

  it('skips a stored rule it cannot read instead of blocking new transactions', () => {
    const bad = payeeRule('bad', 'x', [{ type: 'set_category', categoryId: ids.coffee }]);
    payeeRule('good', 'x', [{ type: 'add_tags', tags: ['ok'] }]);
    db.prepare("UPDATE rules SET conditions = '[]' WHERE id = ?").run(bad.id);
    expect(applyRulesToDraft(db, _draft(ids.checking, { payee: 'x' }))).toMatchObject({
      categoryId: null,
      tags: ['ok'],
    });
  });
});

describe('a category deleted after the rule was saved', () => {
  it('skips that action, keeps the others, and never crashes', () => {
    const group = listCategoryGroups(db)[0]?.id ?? '';
    const doomed = createCategory(db, group, 'Doomed').id;
    payeeRule('doomed', 'gym', [
      { type: 'set_category', categoryId: doomed },
      { type: 'add_tags', tags: ['fitness'] },
    ]);
    payeeRule('doomed split', 'gym', [
      {
        type: 'split_fixed',
        parts: [{ categoryId: doomed, amount: 100 }],
        remainder: { categoryId: ids.shopping },
      },
    ]);
    const before = createTransaction(db, _draft(ids.checking, { payee: 'Gym', amount: -5000 }));
    deleteCategory(db, doomed, null);

    expect(listRules(db)).toHaveLength(2);
    expect(applyRulesToDraft(db, _draft(ids.checking, { payee: 'Gym' }))).toMatchObject({
      categoryId: null,
      splits: [],
      tags: ['fitness'],
    });
    const preview = previewRules(db, {}, 10);
    expect(preview.items.find((c) => c.transactionId === before.id)?.after).toEqual({
      tags: ['fitness'],
    });
    applyRules(db, {});
    expect(getTransaction(db, before.id)).toMatchObject({ categoryId: null, tags: ['fitness'] });
    _expectTotalsMatchNaive(db);
  });
});
