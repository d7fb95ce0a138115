import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TransactionInputSchema,
  TransactionQuerySchema,
  type TransactionInput,
} from '../../../src-shared/contract/ledger';
import type { SqlDatabase } from '../db/openDatabase';
import { _openTempVault } from '../vault/_testSupport';
import { _maintainedMonthlyTotals, _naiveMonthlyTotals } from './_ledgerTestSupport';
import {
  bulkEditTransactions,
  createAccount,
  createTransaction,
  createTransfer,
  deleteCategory,
  deleteTransaction,
  getAccount,
  getTransaction,
  listCategoryGroups,
  mergePayees,
  renamePayee,
  searchTransactions,
  updateAccount,
  updateTransaction,
} from './index';

let db: SqlDatabase;
let close: () => void;
let checking: string;
let savings: string;
let groceries: string;
let coffee: string;

beforeEach(async () => {
  const temp = await _openTempVault();
  db = temp.vault.db;
  close = temp.close;
  checking = createAccount(db, {
    name: 'Checking',
    type: 'checking',
    currency: 'USD',
    openingBalance: 100_00,
  }).id;
  savings = createAccount(db, {
    name: 'Savings',
    type: 'savings',
    currency: 'USD',
    openingBalance: 0,
  }).id;
  const categories = listCategoryGroups(db).flatMap((group) => group.categories);
  groceries = categories.find((category) => category.name === 'Groceries')?.id ?? '';
  coffee = categories.find((category) => category.name === 'Coffee')?.id ?? '';
});
afterEach(() => close());

const add = (input: Partial<TransactionInput> & { amount: number; date?: string }) =>
  createTransaction(
    db,
    TransactionInputSchema.parse({ accountId: checking, date: '2026-03-10', ...input }),
  );
const search = (query: Parameters<typeof TransactionQuerySchema.parse>[0]) =>
  searchTransactions(db, TransactionQuerySchema.parse(query));

function expectTotalsConsistent(): void {
  expect(_maintainedMonthlyTotals(db)).toEqual(_naiveMonthlyTotals(db));
}

describe('accounts', () => {
  it('creates, renames, archives, and keeps names unique', () => {
    expect(getAccount(db, checking)).toMatchObject({
      name: 'Checking',
      balance: 100_00,
      archived: false,
    });
    expect(() =>
      createAccount(db, { name: 'checking', type: 'cash', currency: 'USD', openingBalance: 0 }),
    ).toThrow(/already exists/);
    expect(updateAccount(db, { id: savings, archived: true, name: 'Old savings' })).toMatchObject({
      archived: true,
      name: 'Old savings',
    });
  });

  it('keeps the balance equal to opening balance plus every transaction', () => {
    add({ amount: -12_34 });
    add({ amount: 50_00, date: '2025-01-01' });
    createTransfer(db, {
      fromAccountId: checking,
      toAccountId: savings,
      date: '2026-03-11',
      amount: 20_00,
      memo: '',
    });
    expect(getAccount(db, checking).balance).toBe(100_00 - 12_34 + 50_00 - 20_00);
    expect(getAccount(db, savings).balance).toBe(20_00);
  });
});

describe('transactions', () => {
  it('stores payee, memo, category, tags and status, and finds them again', () => {
    const created = add({
      amount: -4_50,
      payee: 'Blue Bottle',
      memo: 'flat white',
      categoryId: coffee,
      tags: ['work', 'Work'],
    });
    expect(created).toMatchObject({
      payee: 'Blue Bottle',
      memo: 'flat white',
      categoryId: coffee,
      tags: ['work'],
    });
    expect(getTransaction(db, created.id)).toEqual(created);
  });

  it('refuses splits that do not add up, to the cent, and writes nothing', () => {
    expect(() =>
      add({
        amount: -10_00,
        splits: [
          { categoryId: groceries, amount: -6_00 },
          { categoryId: coffee, amount: -3_99 },
        ],
      }),
    ).toThrow('the splits add up to -9.99 but the amount is -10.00');
    expect(search({}).items).toHaveLength(0);
  });

  it('splits, re-splits and un-splits while the monthly totals stay exact', () => {
    const split = add({
      amount: -10_00,
      splits: [
        { categoryId: groceries, amount: -6_00 },
        { categoryId: coffee, amount: -4_00 },
      ],
    });
    expect(split.categoryId).toBeNull();
    expect(split.splits.map((part) => part.amount)).toEqual([-6_00, -4_00]);
    expectTotalsConsistent();
    expect(() => updateTransaction(db, split.id, { amount: -12_00 })).toThrow(/send new splits/);
    updateTransaction(db, split.id, {
      amount: -12_00,
      date: '2026-05-01',
      splits: [
        { categoryId: groceries, amount: -2_00, memo: '' },
        { categoryId: null, amount: -10_00, memo: 'misc' },
      ],
    });
    expectTotalsConsistent();
    updateTransaction(db, split.id, { date: '2027-01-01', accountId: savings });
    expectTotalsConsistent();
    const plain = updateTransaction(db, split.id, { splits: [], categoryId: coffee });
    expect(plain).toMatchObject({ splits: [], categoryId: coffee });
    expectTotalsConsistent();
  });

  it('refuses a second transaction with the same external id in an account', () => {
    add({ amount: -1_00, externalId: 'FIT-1' });
    expect(() => add({ amount: -1_00, externalId: 'FIT-1' })).toThrow(/external id/);
    add({ amount: -1_00, externalId: 'FIT-1', accountId: savings });
  });

  it('refuses dates before 1900 with a clear message', () => {
    expect(() => add({ amount: 1, date: '1899-12-31' })).toThrow(
      'dates must be on or after 1900-01-01',
    );
  });

  it('bulk edits category, payee, status and tags, leaving splits and transfers alone', () => {
    const a = add({ amount: -1_00 });
    const b = add({ amount: -2_00 });
    const split = add({
      amount: -3_00,
      splits: [
        { categoryId: coffee, amount: -1_00 },
        { categoryId: null, amount: -2_00 },
      ],
    });
    const updated = bulkEditTransactions(db, {
      ids: [a.id, b.id, split.id],
      set: { categoryId: groceries },
    });
    expect(updated).toBe(2);
    expect(getTransaction(db, split.id).splits).toHaveLength(2);
    bulkEditTransactions(db, {
      ids: [a.id, b.id],
      set: { payee: 'Market', status: 'pending', addTags: ['x'] },
    });
    expect(getTransaction(db, b.id)).toMatchObject({
      payee: 'Market',
      status: 'pending',
      tags: ['x'],
      categoryId: groceries,
    });
    expectTotalsConsistent();
  });

  it('deletes a category, moving its transactions and split parts', () => {
    add({ amount: -1_00, categoryId: coffee });
    add({
      amount: -3_00,
      splits: [
        { categoryId: coffee, amount: -1_00 },
        { categoryId: null, amount: -2_00 },
      ],
    });
    expect(deleteCategory(db, coffee, groceries)).toBe(2);
    expectTotalsConsistent();
    expect(search({ categoryId: groceries }).items).toHaveLength(2);
  });

  it('a category filter pages the same through its indexes (rare) and by walking the table (common)', () => {
    for (let day = 1; day <= 28; day += 1) {
      const date = `2026-02-${String(day).padStart(2, '0')}`;
      add({ date, amount: -day, categoryId: day % 3 === 0 ? coffee : groceries, memo: 'shop' });
      if (day % 4 === 0) {
        add({
          date,
          amount: -10_00,
          memo: 'shop',
          splits: [
            { categoryId: coffee, amount: -4_00 },
            { categoryId: day % 8 === 0 ? groceries : null, amount: -6_00 },
          ],
        });
      }
    }
    const pages = (query: Record<string, unknown>, rare: number) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = searchTransactions(
          db,
          TransactionQuerySchema.parse({ ...query, limit: 4, cursor }),
          {
            rareCategoryRows: rare,
          },
        );
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    for (const categoryId of [coffee, groceries]) {
      for (const query of [
        { categoryId },
        { categoryId, search: 'shop' },
        { categoryId, sort: 'amount_asc' as const },
      ]) {
        const viaIndexes = pages(query, Number.MAX_SAFE_INTEGER);
        expect(viaIndexes.length).toBeGreaterThan(8);
        expect(viaIndexes).toEqual(pages(query, 0));
      }
    }
  });
});

describe('transfers', () => {
  it('links both sides; editing one side updates the other; deleting removes both', () => {
    const { from, to } = createTransfer(db, {
      fromAccountId: checking,
      toAccountId: savings,
      date: '2026-03-01',
      amount: 25_00,
      memo: 'rainy day',
    });
    expect(from).toMatchObject({
      amount: -25_00,
      transfer: { transactionId: to.id, accountId: savings },
    });
    expect(to).toMatchObject({
      amount: 25_00,
      transfer: { transactionId: from.id, accountId: checking },
    });
    updateTransaction(db, to.id, { amount: 30_00, date: '2026-04-02', memo: 'more' });
    expect(getTransaction(db, from.id)).toMatchObject({
      amount: -30_00,
      date: '2026-04-02',
      memo: 'more',
    });
    expect(() => updateTransaction(db, from.id, { categoryId: coffee })).toThrow(
      /transfer has no category/,
    );
    expectTotalsConsistent();
    expect(deleteTransaction(db, from.id)).toBe(2);
    expect(search({}).items).toHaveLength(0);
    expectTotalsConsistent();
  });

  it('needs the arriving amount between currencies and never converts silently', () => {
    const euros = createAccount(db, {
      name: 'Euro',
      type: 'checking',
      currency: 'EUR',
      openingBalance: 0,
    }).id;
    expect(() =>
      createTransfer(db, {
        fromAccountId: checking,
        toAccountId: euros,
        date: '2026-01-01',
        amount: 100_00,
        memo: '',
      }),
    ).toThrow(/toAmount/);
    const pair = createTransfer(db, {
      fromAccountId: checking,
      toAccountId: euros,
      date: '2026-01-01',
      amount: 100_00,
      toAmount: 91_50,
      memo: '',
    });
    updateTransaction(db, pair.from.id, { amount: -200_00 });
    expect(getTransaction(db, pair.to.id).amount).toBe(91_50);
  });
});

describe('payees and search', () => {
  it('finds by prefix of payee or memo words, combined with filters, newest first', () => {
    add({ amount: -3_00, payee: 'Starbucks Coffee', date: '2026-01-02' });
    add({
      amount: -5_00,
      payee: 'Corner Store',
      memo: 'coffee beans',
      date: '2026-01-05',
      categoryId: groceries,
    });
    add({ amount: -7_00, payee: 'Bakery', date: '2026-01-09' });
    expect(search({ search: 'coff' }).items.map((t) => t.amount)).toEqual([-5_00, -3_00]);
    expect(search({ search: 'coffee', categoryId: groceries }).items.map((t) => t.amount)).toEqual([
      -5_00,
    ]);
    expect(search({ search: 'coffee', to: '2026-01-03' }).items.map((t) => t.amount)).toEqual([
      -3_00,
    ]);
    expect(search({ uncategorized: true }).items.map((t) => t.amount)).toEqual([-7_00, -3_00]);
    expect(search({ search: '"; DROP TABLE transactions; --' }).items).toEqual([]);
  });

  it('follows a payee rename and a merge in search', () => {
    const first = add({ amount: -1_00, payee: 'AMZN Mktp' });
    add({ amount: -2_00, payee: 'Amazon' });
    renamePayee(db, first.payeeId ?? '', 'Amazon Marketplace');
    expect(search({ search: 'marketplace' }).items).toHaveLength(1);
    expect(() => renamePayee(db, first.payeeId ?? '', 'amazon')).toThrow(/merge/);
    const target =
      search({ search: 'amazon' }).items.find((t) => t.payee === 'Amazon')?.payeeId ?? '';
    expect(mergePayees(db, [first.payeeId ?? ''], target)).toBe(1);
    expect(new Set(search({ search: 'amazon' }).items.map((t) => t.payee))).toEqual(
      new Set(['Amazon']),
    );
  });

  it('pages by keyset through every row exactly once, in every sort order', () => {
    for (let i = 0; i < 57; i += 1) {
      add({
        amount: ((i * 37) % 23) * 100 - 1100,
        date: `2026-0${(i % 9) + 1}-1${i % 10}`,
        payee: `Shop ${i % 4}`,
      });
    }
    for (const sort of ['date_desc', 'date_asc', 'amount_desc', 'amount_asc'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = search({ sort, limit: 10, cursor });
        seen.push(...page.items.map((t) => t.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(6);
      expect(new Set(seen).size).toBe(57);
      const all = search({ sort, limit: 500 }).items.map((t) => t.id);
      expect(seen).toEqual(all);
    }
    expect(() => search({ cursor: 'garbage' })).toThrow(/cursor/);
  });

  it('answers a first search page from the index without sorting all matches', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT t.id FROM transactions_fts f JOIN transactions t ON t.rowid = f.rowid
         WHERE transactions_fts MATCH ? ORDER BY f.rowid DESC LIMIT 101`,
      )
      .all('"store"*') as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
