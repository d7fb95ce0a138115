import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../src-shared/contract/rules';
import type { SqlDatabase } from '../db/openDatabase';
import {
  createTransaction,
  createTransfer,
  getTransaction,
  searchTransactions,
  type TransactionDraft,
} from '../ledger';
import {
  _draft,
  _expectTotalsMatchNaive,
  _ledgerFingerprint,
  _openRulesVault,
  _seedLedger,
} from './_rulesTestSupport';
import { applyRules, createRule, previewRules } from './index';

let db: SqlDatabase;
let close: () => void;
let ids: ReturnType<typeof _seedLedger>;

beforeEach(async () => {
  ({ db, close } = await _openRulesVault());
  ids = _seedLedger(db);
});
afterEach(() => close());

const add = (over: Partial<TransactionDraft>, account = ids.checking) =>
  createTransaction(db, _draft(account, over)).id;
const rule = (name: string, conditions: RuleInput['conditions'], actions: RuleInput['actions']) =>
  createRule(db, { name, conditions, actions });
const totalChanges = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

/** A small ledger with something for every kind of action, and a transfer. */
function seedMixedLedger() {
  const coffee = add({ payee: 'Blue Bottle', amount: -450, date: '2025-01-03' });
  const costco = add({ payee: 'COSTCO #12', amount: -12_345, date: '2025-01-05' });
  const amazon = add({ payee: 'AMZN Mktp', amount: -2_999, date: '2025-02-01', memo: 'cables' });
  const salary = add({ payee: 'ACME Payroll', amount: 500_000, date: '2025-02-28' }, ids.card);
  const untouched = add({ payee: 'Hardware', amount: -1_000, date: '2025-03-01' });
  const transfer = createTransfer(db, {
    fromAccountId: ids.checking,
    toAccountId: ids.card,
    date: '2025-03-02',
    amount: 10_000,
    memo: 'coffee fund',
  });
  rule(
    'coffee',
    [{ field: 'payee', op: 'contains', value: 'bottle' }],
    [{ type: 'set_category', categoryId: ids.coffee }],
  );
  rule(
    'costco',
    [{ field: 'payee', op: 'starts_with', value: 'costco' }],
    [
      {
        type: 'split_percent',
        parts: [
          { categoryId: ids.groceries, basisPoints: 7500 },
          { categoryId: ids.shopping, basisPoints: 2500 },
        ],
      },
      { type: 'set_payee', payee: 'Costco' },
    ],
  );
  rule(
    'amazon',
    [{ field: 'payee', op: 'is', value: 'amzn mktp' }],
    [
      { type: 'set_payee', payee: 'Amazon' },
      { type: 'add_tags', tags: ['online'] },
    ],
  );
  rule(
    'salary',
    [{ field: 'amount', sign: 'inflow', min: 100_000 }],
    [{ type: 'set_category', categoryId: ids.salary }],
  );
  // Matches the transfer's memo: transfers must still be left alone.
  rule(
    'memo',
    [{ field: 'memo', op: 'contains', value: 'coffee' }],
    [
      { type: 'set_category', categoryId: ids.coffee },
      { type: 'add_tags', tags: ['t'] },
    ],
  );
  return { coffee, costco, amazon, salary, untouched, transfer };
}

describe('previewRules', () => {
  it('lists before/after of only the changed fields, and writes nothing', () => {
    const tx = seedMixedLedger();
    const fingerprint = _ledgerFingerprint(db);
    const changesBefore = totalChanges();

    const preview = previewRules(db, {}, 100);

    expect(totalChanges()).toBe(changesBefore);
    expect(_ledgerFingerprint(db)).toBe(fingerprint);
    expect(preview.total).toBe(4);
    expect(preview.items.map((c) => c.transactionId)).toEqual([
      tx.coffee,
      tx.costco,
      tx.amazon,
      tx.salary,
    ]);
    const [coffee, costco, amazon] = preview.items;
    expect(coffee).toMatchObject({
      date: '2025-01-03',
      amount: -450,
      payee: 'Blue Bottle',
      before: { categoryId: null },
      after: { categoryId: ids.coffee },
    });
    expect(costco?.after).toEqual({
      payee: 'Costco',
      splits: [
        { categoryId: ids.groceries, amount: -9_259, memo: '' },
        { categoryId: ids.shopping, amount: -3_086, memo: '' },
      ],
    });
    expect(costco?.before).toEqual({ payee: 'COSTCO #12', splits: [] });
    expect(amazon?.after).toEqual({ payee: 'Amazon', tags: ['online'] });
    expect(amazon?.ruleIds).toHaveLength(1);
  });

  it('honours the limit but still counts every change', () => {
    seedMixedLedger();
    const preview = previewRules(db, {}, 2);
    expect(preview.items).toHaveLength(2);
    expect(preview.total).toBe(4);
  });

  it("uses transactions.list's filters", () => {
    const tx = seedMixedLedger();
    const ids2 = (selection: Parameters<typeof previewRules>[1]) =>
      previewRules(db, selection, 100).items.map((c) => c.transactionId);
    expect(ids2({ accountId: ids.card })).toEqual([tx.salary]);
    expect(ids2({ from: '2025-01-04', to: '2025-02-01' })).toEqual([tx.costco, tx.amazon]);
    expect(ids2({ minAmount: 0 })).toEqual([tx.salary]);
    expect(ids2({ uncategorized: true })).toEqual([tx.coffee, tx.costco, tx.amazon, tx.salary]);
  });
});

describe('applyRules', () => {
  it('stores exactly what the preview showed, keeps totals and search right, and is idempotent', () => {
    const tx = seedMixedLedger();
    const transferBefore = getTransaction(db, tx.transfer.from.id);
    const preview = previewRules(db, {}, 100);

    expect(applyRules(db, {})).toBe(preview.total);

    for (const change of preview.items) {
      const stored = getTransaction(db, change.transactionId);
      if (change.after.categoryId !== undefined)
        expect(stored.categoryId).toBe(change.after.categoryId);
      if (change.after.payee !== undefined) expect(stored.payee).toBe(change.after.payee);
      if (change.after.tags !== undefined) expect(stored.tags).toEqual(change.after.tags);
      if (change.after.splits !== undefined) {
        expect(
          stored.splits.map(({ categoryId, amount, memo }) => ({ categoryId, amount, memo })),
        ).toEqual(change.after.splits);
      }
    }
    expect(getTransaction(db, tx.transfer.from.id)).toEqual(transferBefore);
    expect(getTransaction(db, tx.untouched).categoryId).toBeNull();
    _expectTotalsMatchNaive(db);
    // The search index follows the new payee names.
    const found = searchTransactions(db, { search: 'amazon', sort: 'date_desc', limit: 10 });
    expect(found.items.map((t) => t.id)).toEqual([tx.amazon]);

    expect(previewRules(db, {}, 100).total).toBe(0);
    expect(applyRules(db, {})).toBe(0);
  });

  it('never re-splits an already split transaction unless the rule replaces splits', () => {
    const handSplit = createTransaction(
      db,
      _draft(ids.checking, {
        payee: 'Costco',
        amount: -1000,
        splits: [
          { categoryId: ids.coffee, amount: -400, memo: 'mine' },
          { categoryId: ids.groceries, amount: -600, memo: '' },
        ],
      }),
    ).id;
    const split = {
      type: 'split_percent' as const,
      parts: [
        { categoryId: ids.groceries, basisPoints: 5000 },
        { categoryId: ids.shopping, basisPoints: 5000 },
      ],
    };
    const keep = rule('keep', [{ field: 'payee', op: 'is', value: 'costco' }], [split]);
    rule(
      'category',
      [{ field: 'payee', op: 'is', value: 'costco' }],
      [{ type: 'set_category', categoryId: ids.restaurants }],
    );
    expect(applyRules(db, {})).toBe(0);
    expect(getTransaction(db, handSplit).splits.map((s) => s.amount)).toEqual([-400, -600]);

    db.prepare('DELETE FROM rules WHERE id != ?').run(keep.id);
    db.prepare('UPDATE rules SET actions = ? WHERE id = ?').run(
      JSON.stringify([
        {
          ...split,
          parts: split.parts.map((p) => ({ ...p, memo: '' })),
          replaceExistingSplit: true,
        },
      ]),
      keep.id,
    );
    expect(applyRules(db, {})).toBe(1);
    expect(getTransaction(db, handSplit).splits.map((s) => [s.categoryId, s.amount])).toEqual([
      [ids.groceries, -500],
      [ids.shopping, -500],
    ]);
    expect(applyRules(db, {})).toBe(0);
    _expectTotalsMatchNaive(db);
  });

  it('is all or nothing: a failure part-way leaves the ledger as it was', () => {
    const tx = seedMixedLedger();
    const fingerprint = _ledgerFingerprint(db);
    // The last transaction to change refuses the update (ids are UUIDs: safe to inline).
    db.exec(`CREATE TEMP TRIGGER refuse BEFORE UPDATE ON transactions WHEN OLD.id = '${tx.salary}'
             BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    expect(() => applyRules(db, {})).toThrow(/refused/);
    db.exec('DROP TRIGGER temp.refuse');
    expect(_ledgerFingerprint(db)).toBe(fingerprint);
    expect(getTransaction(db, tx.coffee).categoryId).toBeNull();
  });

  it('streams through more transactions than one page', () => {
    const insert = db.transaction(() => {
      for (let i = 0; i < 1_234; i += 1) {
        add({
          payee: i % 2 === 0 ? `Coffee shop ${i % 7}` : `Bakery ${i % 5}`,
          amount: -(100 + i),
          date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        });
      }
    });
    insert();
    rule(
      'coffee',
      [{ field: 'payee', op: 'starts_with', value: 'coffee' }],
      [{ type: 'set_category', categoryId: ids.coffee }],
    );
    expect(previewRules(db, {}, 5)).toMatchObject({ total: 617 });
    expect(applyRules(db, {})).toBe(617);
    expect(previewRules(db, {}, 5).total).toBe(0);
    _expectTotalsMatchNaive(db);
  });

  it('keeps the maintained totals equal to a recomputation on random ledgers (property)', () => {
    const payees = ['Blue Bottle', 'COSTCO', 'Amazon', 'Shell', null];
    const categories = [ids.coffee, ids.groceries, ids.shopping, null];
    const txArb = fc.record({
      payee: fc.constantFrom(...payees),
      amount: fc.integer({ min: -100_000, max: 100_000 }),
      day: fc.integer({ min: 1, max: 90 }),
      categoryId: fc.constantFrom(...categories),
      account: fc.constantFrom(ids.checking, ids.card),
      split: fc.boolean(),
    });
    const actionArb = fc.constantFrom<RuleInput['actions']>(
      [{ type: 'set_category', categoryId: ids.restaurants }],
      [{ type: 'set_payee', payee: 'Renamed' }],
      [{ type: 'add_tags', tags: ['x', 'y'] }],
      [
        {
          type: 'split_percent',
          parts: [
            { categoryId: ids.coffee, basisPoints: 3333 },
            { categoryId: null, basisPoints: 6667 },
          ],
          replaceExistingSplit: true,
        },
      ],
      [
        {
          type: 'split_fixed',
          parts: [{ categoryId: ids.groceries, amount: 1_000 }],
          remainder: { categoryId: ids.shopping },
        },
      ],
    );
    const ruleArb = fc.record({
      payee: fc.constantFrom('o', 'costco', 'renamed', 'a'),
      actions: actionArb,
    });
    fc.assert(
      fc.property(
        fc.array(txArb, { minLength: 1, maxLength: 25 }),
        fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
        (transactions, rules) => {
          db.exec('SAVEPOINT property_run');
          try {
            for (const t of transactions) {
              const date = new Date(Date.UTC(2025, 0, t.day)).toISOString().slice(0, 10);
              const half = Math.trunc(t.amount / 2);
              add(
                {
                  payee: t.payee,
                  amount: t.amount,
                  date,
                  categoryId: t.categoryId,
                  splits: t.split
                    ? [
                        { categoryId: ids.coffee, amount: half, memo: '' },
                        { categoryId: t.categoryId, amount: t.amount - half, memo: '' },
                      ]
                    : [],
                },
                t.account,
              );
            }
            rules.forEach((r, i) =>
              rule(`r${i}`, [{ field: 'payee', op: 'contains', value: r.payee }], r.actions),
            );
            const before = _ledgerFingerprint(db);
            const preview = previewRules(db, {}, 500);
            expect(_ledgerFingerprint(db)).toBe(before);
            expect(applyRules(db, {})).toBe(preview.total);
            _expectTotalsMatchNaive(db);
            for (const t of searchTransactions(db, { sort: 'date_asc', limit: 500 }).items) {
              if (t.splits.length > 0) {
                expect(t.splits.reduce((s, p) => s + p.amount, 0)).toBe(t.amount);
              }
            }
          } finally {
            db.exec('ROLLBACK TO property_run; RELEASE property_run');
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
