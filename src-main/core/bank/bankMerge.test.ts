import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../db/openDatabase';
import { createRule } from '../rules';
import { _openTempVault } from '../vault/_testSupport';
import { _pfc, _syncAnswer, _tx } from './_bankFixtures';
import { mergeSync } from './bankMerge';
import { accountTypeFor, decimalToMinor, plaidAmountToMinor } from './plaidMapping';

let db: SqlDatabase;
let close: () => void;
beforeEach(async () => {
  const opened = await _openTempVault();
  db = opened.vault.db;
  close = opened.close;
});
afterEach(() => close());

interface Row {
  external_id: string;
  account: string;
  date: string;
  amount: number;
  payee: string | null;
  category: string | null;
  status: string;
}

/** The bank rows of the vault, in a stable order, as the user would see them. */
function ledger(): Row[] {
  return db
    .prepare(
      `SELECT t.external_id, a.name AS account, t.date, t.amount,
              (SELECT name FROM payees WHERE id = t.payee_id) AS payee,
              (SELECT name FROM categories WHERE id = t.category_id) AS category, t.status
       FROM transactions t JOIN accounts a ON a.id = t.account_id ORDER BY t.external_id`,
    )
    .all() as Row[];
}

const snapshot = () => ({
  rows: db.prepare('SELECT * FROM transactions ORDER BY id').all(),
  items: db.prepare('SELECT item_id, cursor, institution_name FROM bank_items').all(),
  accounts: db.prepare('SELECT * FROM accounts ORDER BY id').all(),
  totals: db.prepare('SELECT * FROM monthly_totals ORDER BY 1, 2, 3').all(),
});

const firstPages = _syncAnswer({
  added: [
    _tx('tx-groceries', 'acc-checking', 42.17, {
      name: 'WHOLEFDS MKT 10234',
      merchantName: 'Whole Foods',
      personalFinanceCategory: _pfc('FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'),
    }),
    _tx('tx-salary', 'acc-checking', -2500, {
      name: 'ACME CORP PAYROLL',
      personalFinanceCategory: _pfc('INCOME', 'INCOME_WAGES'),
      date: '2026-11-01',
    }),
    _tx('tx-coffee-pending', 'acc-credit', 4.5, {
      name: 'STARBUCKS 800-782-7282',
      merchantName: 'Starbucks',
      pending: true,
      personalFinanceCategory: _pfc('FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'),
    }),
    _tx('tx-transfer', 'acc-checking', 200, {
      name: 'Online transfer to savings',
      personalFinanceCategory: _pfc('TRANSFER_OUT', 'TRANSFER_OUT_SAVINGS'),
    }),
    _tx('tx-mystery', 'acc-credit', 0.1 + 0.2, {
      name: 'ODD THING',
      personalFinanceCategory: _pfc('SOMETHING_NEW', 'SOMETHING_NEW_OTHER'),
    }),
    _tx('tx-refund', 'acc-credit', -15.99, {
      name: 'AMAZON REFUND',
      merchantName: 'Amazon',
      personalFinanceCategory: _pfc('GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_ONLINE'),
    }),
  ],
});

const laterPages = _syncAnswer({
  nextCursor: 'cursor-2',
  // Plaid posts the coffee: the posted row names the pending one, which is removed.
  added: [
    _tx('tx-coffee-posted', 'acc-credit', 5.25, {
      name: 'STARBUCKS 800-782-7282',
      merchantName: 'Starbucks',
      date: '2026-11-03',
      pendingTransactionId: 'tx-coffee-pending',
      personalFinanceCategory: _pfc('FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE'),
    }),
  ],
  modified: [
    _tx('tx-groceries', 'acc-checking', 43.17, {
      name: 'WHOLEFDS MKT 10234',
      merchantName: 'Whole Foods',
      date: '2026-11-03',
      personalFinanceCategory: _pfc('FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES'),
    }),
  ],
  removed: [
    { transactionId: 'tx-coffee-pending', accountId: 'acc-credit' },
    { transactionId: 'tx-mystery', accountId: 'acc-credit' },
  ],
});

describe('Plaid conventions', () => {
  it('converts the sign once and reads the decimal exactly', () => {
    expect(plaidAmountToMinor(42.17, 'USD')).toBe(-4217);
    expect(plaidAmountToMinor(-2500, 'USD')).toBe(250000);
    expect(plaidAmountToMinor(0.1 + 0.2, 'USD')).toBe(-30);
    expect(plaidAmountToMinor(1.005, 'USD')).toBe(-101);
    expect(plaidAmountToMinor(0, 'USD')).toBe(0);
    expect(plaidAmountToMinor(1500, 'JPY')).toBe(-1500);
    expect(plaidAmountToMinor(1.234, 'KWD')).toBe(-1234);
    expect(decimalToMinor(8.4, 'EUR')).toBe(840);
  });

  it('maps account types', () => {
    expect(accountTypeFor('depository', 'checking')).toBe('checking');
    expect(accountTypeFor('depository', 'savings')).toBe('savings');
    expect(accountTypeFor('credit', 'credit card')).toBe('credit_card');
    expect(accountTypeFor('loan', 'mortgage')).toBe('loan');
    expect(accountTypeFor('investment', '401k')).toBe('other');
  });
});

describe('mergeSync', () => {
  it('creates the linked accounts with balances and stores the cursor', () => {
    const counts = mergeSync(db, firstPages);
    expect(counts).toMatchObject({ added: 6, accountsCreated: 2 });
    const accounts = db
      .prepare(
        `SELECT a.name, a.type, a.currency, b.balance_current, b.balance_available, b.balance_limit
         FROM bank_accounts b JOIN accounts a ON a.id = b.account_id ORDER BY a.name`,
      )
      .all();
    expect(accounts).toEqual([
      {
        name: 'First Platypus Bank Plaid Checking ••0000',
        type: 'checking',
        currency: 'USD',
        balance_current: 11094,
        balance_available: 10000,
        balance_limit: null,
      },
      {
        name: 'First Platypus Bank Plaid Credit Card ••3333',
        type: 'credit_card',
        currency: 'USD',
        balance_current: 41050,
        balance_available: null,
        balance_limit: 200000,
      },
    ]);
    expect(db.prepare('SELECT cursor FROM bank_items').get()).toEqual({ cursor: 'cursor-1' });
  });

  it('converts amounts, maps categories and runs the rules on new rows', () => {
    const amazon = db.prepare("SELECT id FROM categories WHERE name = 'Refunds'").get() as {
      id: string;
    };
    createRule(db, {
      name: 'amazon refunds',
      conditions: [{ field: 'payee', op: 'contains', value: 'amazon' }],
      actions: [{ type: 'set_category', categoryId: amazon.id }],
    });
    mergeSync(db, firstPages);
    const checking = 'First Platypus Bank Plaid Checking ••0000';
    const credit = 'First Platypus Bank Plaid Credit Card ••3333';
    expect(ledger()).toEqual([
      {
        external_id: 'tx-coffee-pending',
        account: credit,
        date: '2026-11-02',
        amount: -450,
        payee: 'Starbucks',
        category: 'Coffee',
        status: 'pending',
      },
      {
        external_id: 'tx-groceries',
        account: checking,
        date: '2026-11-02',
        amount: -4217,
        payee: 'Whole Foods',
        category: 'Groceries',
        status: 'cleared',
      },
      {
        external_id: 'tx-mystery',
        account: credit,
        date: '2026-11-02',
        amount: -30,
        payee: 'ODD THING',
        category: null,
        status: 'cleared',
      },
      {
        external_id: 'tx-refund',
        account: credit,
        date: '2026-11-02',
        amount: 1599,
        payee: 'Amazon',
        category: 'Refunds', // the rule beat the mapping (Shopping)
        status: 'cleared',
      },
      {
        external_id: 'tx-salary',
        account: checking,
        date: '2026-11-01',
        amount: 250000,
        payee: 'ACME CORP PAYROLL',
        category: 'Salary',
        status: 'cleared',
      },
      {
        external_id: 'tx-transfer',
        account: checking,
        date: '2026-11-02',
        amount: -20000,
        payee: 'Online transfer to savings',
        category: null,
        status: 'cleared',
      },
    ]);
  });

  it('replaces pending by posted, applies modified and removed, keeps user edits', () => {
    mergeSync(db, firstPages);
    const pending = db
      .prepare("SELECT id FROM transactions WHERE external_id = 'tx-coffee-pending'")
      .get() as { id: string };
    const restaurants = db
      .prepare("SELECT id FROM categories WHERE name = 'Restaurants'")
      .get() as {
      id: string;
    };
    // The user recategorised the pending coffee and the groceries before the next sync.
    db.prepare('UPDATE transactions SET category_id = ? WHERE id = ?').run(
      restaurants.id,
      pending.id,
    );

    const counts = mergeSync(db, laterPages);
    expect(counts).toEqual({
      added: 0,
      modified: 1,
      removed: 1,
      pendingReplaced: 1,
      accountsCreated: 0,
    });
    const rows = ledger();
    expect(rows.map((r) => r.external_id)).toEqual([
      'tx-coffee-posted',
      'tx-groceries',
      'tx-refund',
      'tx-salary',
      'tx-transfer',
    ]);
    expect(rows[0]).toMatchObject({
      amount: -525,
      date: '2026-11-03',
      status: 'cleared',
      category: 'Restaurants',
    });
    expect(
      db.prepare("SELECT id FROM transactions WHERE external_id = 'tx-coffee-posted'").get(),
    ).toEqual(pending);
    expect(rows[1]).toMatchObject({ amount: -4317, date: '2026-11-03', category: 'Groceries' });
    expect(db.prepare('SELECT cursor FROM bank_items').get()).toEqual({ cursor: 'cursor-2' });
    // Totals follow the rows (the triggers saw every change).
    const total = db.prepare('SELECT sum(inflow + outflow) AS s FROM monthly_totals').get();
    expect(total).toEqual({ s: -525 - 4317 + 1599 + 250000 - 20000 });
  });

  it('changes nothing when the same pages arrive again', () => {
    const zero = { added: 0, modified: 0, removed: 0, pendingReplaced: 0, accountsCreated: 0 };
    mergeSync(db, firstPages);
    const afterFirst = snapshot();
    expect(mergeSync(db, firstPages)).toEqual({ ...zero });
    expect(snapshot().rows).toEqual(afterFirst.rows);
    expect(snapshot().totals).toEqual(afterFirst.totals);
    mergeSync(db, laterPages);
    const afterLater = snapshot();
    expect(mergeSync(db, laterPages)).toEqual({ ...zero });
    expect(snapshot()).toEqual(afterLater);
  });

  it('applies nothing, cursor included, when a page cannot be merged', () => {
    mergeSync(db, firstPages);
    const before = snapshot();
    const broken = _syncAnswer({
      nextCursor: 'cursor-broken',
      modified: [_tx('tx-groceries', 'acc-checking', 99)],
      added: [_tx('tx-elsewhere', 'acc-not-listed', 1)],
    });
    expect(() => mergeSync(db, broken)).toThrow(/did not list/);
    expect(snapshot()).toEqual(before);
  });

  it('keeps several items apart and names colliding accounts uniquely', () => {
    mergeSync(db, firstPages);
    const second = _syncAnswer({
      item: { ...firstPages.item, id: 'second-item' },
      accounts: firstPages.accounts.map((a) => ({ ...a, accountId: `${a.accountId}-2` })),
      added: [_tx('tx-groceries', 'acc-checking-2', 10)],
      nextCursor: 'other',
    });
    expect(mergeSync(db, second)).toMatchObject({ added: 1, accountsCreated: 2 });
    expect(
      db.prepare("SELECT count(*) AS n FROM transactions WHERE external_id = 'tx-groceries'").get(),
    ).toEqual({ n: 2 });
    expect(db.prepare('SELECT item_id, cursor FROM bank_items ORDER BY cursor').all()).toEqual([
      { item_id: firstPages.item.id, cursor: 'cursor-1' },
      { item_id: 'second-item', cursor: 'other' },
    ]);
    const names = (
      db.prepare('SELECT name FROM accounts ORDER BY name').all() as { name: string }[]
    ).map((r) => r.name);
    expect(names).toContain('First Platypus Bank Plaid Checking ••0000 (2)');
  });
});
