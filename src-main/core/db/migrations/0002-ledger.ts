import { newId } from '../../../../src-shared/domain/ids';
import type { Migration } from './migration';

/**
 * The ledger. Design notes that the queries rely on:
 * - A transaction's rowid is date-ordered: (days since 1900-01-01) × 2^31 + a sequence
 *   number (see ledger/ledgerRowid.ts). The table is therefore stored in date order,
 *   every secondary index (col) is implicitly (col, rowid) = (col, date), and the FTS
 *   index shares the rowid, so "newest first" pages stream without sorting however
 *   many rows match.
 * - `monthly_totals` and `payee_month_totals` are maintained by triggers on every
 *   write, so reports read a few thousand aggregate rows instead of scanning 1M.
 *   Split parents contribute through their splits; transfers are kept apart under
 *   the category key '~transfer' so they never count as spending or income.
 * - Money is INTEGER minor units in the account's currency.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'ledger',
  up(db) {
    db.exec(`
      CREATE TABLE ledger_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        next_seq INTEGER NOT NULL
      ) STRICT;
      INSERT INTO ledger_state (id, next_seq) VALUES (1, 1);

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('checking', 'savings', 'credit_card', 'cash', 'loan', 'other')),
        currency TEXT NOT NULL,
        opening_balance INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE category_groups (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('income', 'expense')),
        hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE categories (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES category_groups (id),
        name TEXT NOT NULL COLLATE NOCASE,
        hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0,
        UNIQUE (group_id, name)
      ) STRICT;

      CREATE TABLE payees (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE
      ) STRICT;

      CREATE TABLE transactions (
        id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL REFERENCES accounts (id),
        date TEXT NOT NULL,
        amount INTEGER NOT NULL,
        payee_id TEXT REFERENCES payees (id),
        memo TEXT NOT NULL DEFAULT '',
        category_id TEXT REFERENCES categories (id),
        status TEXT NOT NULL DEFAULT 'cleared' CHECK (status IN ('pending', 'cleared')),
        external_id TEXT,
        transfer_id TEXT,
        is_split INTEGER NOT NULL DEFAULT 0 CHECK (is_split IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX transactions_account ON transactions (account_id);
      CREATE INDEX transactions_category ON transactions (category_id);
      CREATE INDEX transactions_payee ON transactions (payee_id);
      CREATE INDEX transactions_amount ON transactions (amount);
      CREATE UNIQUE INDEX transactions_external ON transactions (account_id, external_id)
        WHERE external_id IS NOT NULL;
      CREATE INDEX transactions_transfer ON transactions (transfer_id) WHERE transfer_id IS NOT NULL;

      CREATE TABLE transaction_splits (
        id TEXT PRIMARY KEY,
        transaction_id TEXT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
        category_id TEXT REFERENCES categories (id),
        amount INTEGER NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX transaction_splits_parent ON transaction_splits (transaction_id);
      CREATE INDEX transaction_splits_category ON transaction_splits (category_id);

      CREATE TABLE tags (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE
      ) STRICT;
      CREATE TABLE transaction_tags (
        transaction_id TEXT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
        tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        PRIMARY KEY (transaction_id, tag_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX transaction_tags_tag ON transaction_tags (tag_id);

      CREATE TABLE rules (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        conditions TEXT NOT NULL,
        actions TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE budgets (
        month TEXT NOT NULL,
        category_id TEXT NOT NULL REFERENCES categories (id),
        amount INTEGER NOT NULL,
        rollover INTEGER NOT NULL DEFAULT 0 CHECK (rollover IN (0, 1)),
        PRIMARY KEY (month, category_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE monthly_totals (
        month TEXT NOT NULL,
        account_id TEXT NOT NULL,
        category_key TEXT NOT NULL,
        inflow INTEGER NOT NULL DEFAULT 0,
        outflow INTEGER NOT NULL DEFAULT 0,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (month, account_id, category_key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE payee_month_totals (
        month TEXT NOT NULL,
        payee_id TEXT NOT NULL,
        inflow INTEGER NOT NULL DEFAULT 0,
        outflow INTEGER NOT NULL DEFAULT 0,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (month, payee_id)
      ) STRICT, WITHOUT ROWID;

      CREATE VIRTUAL TABLE transactions_fts USING fts5 (
        payee, memo,
        content = '', contentless_delete = 1,
        -- Prefix indexes: a search for "store" is sent as "store"*, and without them a
        -- common prefix merges every matching term's doclist (62 ms at 1M rows, vs 0.2 ms).
        prefix = '2 3 4 5',
        tokenize = 'unicode61 remove_diacritics 2'
      );
    `);
    db.exec(TRIGGERS);
    const group = db.prepare(
      'INSERT INTO category_groups (id, name, kind, position) VALUES (?, ?, ?, ?)',
    );
    const category = db.prepare(
      'INSERT INTO categories (id, group_id, name, position) VALUES (?, ?, ?, ?)',
    );
    DEFAULT_CATEGORIES.forEach((entry, groupPosition) => {
      const groupId = newId();
      group.run(groupId, entry.group, entry.kind, groupPosition);
      entry.names.forEach((name, position) => category.run(newId(), groupId, name, position));
    });
  },
};

/** '~transfer' keeps transfers out of every spending/income figure; '' is uncategorized. */
const KEY = (row: 'NEW' | 'OLD') =>
  `CASE WHEN ${row}.transfer_id IS NOT NULL THEN '~transfer' ELSE coalesce(${row}.category_id, '') END`;

const addTotals = (row: 'NEW' | 'OLD', sign: 1 | -1) => `
  INSERT INTO monthly_totals (month, account_id, category_key, inflow, outflow, count)
  VALUES (substr(${row}.date, 1, 7), ${row}.account_id, ${KEY(row)},
          ${sign} * max(${row}.amount, 0), ${sign} * min(${row}.amount, 0), ${sign})
  ON CONFLICT (month, account_id, category_key) DO UPDATE SET
    inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow, count = count + excluded.count;`;

const addPayeeTotals = (row: 'NEW' | 'OLD', sign: 1 | -1) => `
  INSERT INTO payee_month_totals (month, payee_id, inflow, outflow, count)
  SELECT substr(${row}.date, 1, 7), ${row}.payee_id,
         ${sign} * max(${row}.amount, 0), ${sign} * min(${row}.amount, 0), ${sign}
  WHERE ${row}.payee_id IS NOT NULL AND ${row}.transfer_id IS NULL
  ON CONFLICT (month, payee_id) DO UPDATE SET
    inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow, count = count + excluded.count;`;

/** A split's contribution, under its parent's month and account. */
const addSplitTotals = (row: 'NEW' | 'OLD', sign: 1 | -1, parent = `${row}.transaction_id`) => `
  INSERT INTO monthly_totals (month, account_id, category_key, inflow, outflow, count)
  SELECT substr(p.date, 1, 7), p.account_id, coalesce(${row}.category_id, ''),
         ${sign} * max(${row}.amount, 0), ${sign} * min(${row}.amount, 0), ${sign}
  FROM transactions p WHERE p.id = ${parent}
  ON CONFLICT (month, account_id, category_key) DO UPDATE SET
    inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow, count = count + excluded.count;`;

/** Moves all of a split parent's splits between (month, account) buckets. */
const moveSplits = (row: 'NEW' | 'OLD', sign: 1 | -1) => `
  INSERT INTO monthly_totals (month, account_id, category_key, inflow, outflow, count)
  SELECT substr(${row}.date, 1, 7), ${row}.account_id, coalesce(s.category_id, ''),
         ${sign} * max(s.amount, 0), ${sign} * min(s.amount, 0), ${sign}
  FROM transaction_splits s WHERE s.transaction_id = ${row}.id
  ON CONFLICT (month, account_id, category_key) DO UPDATE SET
    inflow = inflow + excluded.inflow, outflow = outflow + excluded.outflow, count = count + excluded.count;`;

const ftsInsert = (row: 'NEW' | 'OLD') => `
  INSERT INTO transactions_fts (rowid, payee, memo)
  VALUES (${row}.rowid, coalesce((SELECT name FROM payees WHERE id = ${row}.payee_id), ''), ${row}.memo);`;

const TRIGGERS = `
  CREATE TRIGGER transactions_ai AFTER INSERT ON transactions BEGIN
    ${ftsInsert('NEW')}
    ${addPayeeTotals('NEW', 1)}
  END;
  CREATE TRIGGER transactions_ai_totals AFTER INSERT ON transactions WHEN NEW.is_split = 0 BEGIN
    ${addTotals('NEW', 1)}
  END;

  CREATE TRIGGER transactions_ad AFTER DELETE ON transactions BEGIN
    DELETE FROM transactions_fts WHERE rowid = OLD.rowid;
    ${addPayeeTotals('OLD', -1)}
  END;
  CREATE TRIGGER transactions_ad_totals AFTER DELETE ON transactions WHEN OLD.is_split = 0 BEGIN
    ${addTotals('OLD', -1)}
  END;

  CREATE TRIGGER transactions_au_fts AFTER UPDATE ON transactions
  WHEN OLD.rowid != NEW.rowid OR OLD.payee_id IS NOT NEW.payee_id OR OLD.memo != NEW.memo BEGIN
    DELETE FROM transactions_fts WHERE rowid = OLD.rowid;
    ${ftsInsert('NEW')}
  END;
  CREATE TRIGGER transactions_au_totals AFTER UPDATE ON transactions
  WHEN OLD.date != NEW.date OR OLD.account_id != NEW.account_id OR OLD.amount != NEW.amount
    OR OLD.category_id IS NOT NEW.category_id OR OLD.transfer_id IS NOT NEW.transfer_id
    OR OLD.is_split != NEW.is_split OR OLD.payee_id IS NOT NEW.payee_id BEGIN
    ${addPayeeTotals('OLD', -1)}
    ${addPayeeTotals('NEW', 1)}
  END;
  CREATE TRIGGER transactions_au_plain_old AFTER UPDATE ON transactions
  WHEN OLD.is_split = 0 AND (OLD.date != NEW.date OR OLD.account_id != NEW.account_id
    OR OLD.amount != NEW.amount OR OLD.category_id IS NOT NEW.category_id
    OR OLD.transfer_id IS NOT NEW.transfer_id OR OLD.is_split != NEW.is_split) BEGIN
    ${addTotals('OLD', -1)}
  END;
  CREATE TRIGGER transactions_au_plain_new AFTER UPDATE ON transactions
  WHEN NEW.is_split = 0 AND (OLD.date != NEW.date OR OLD.account_id != NEW.account_id
    OR OLD.amount != NEW.amount OR OLD.category_id IS NOT NEW.category_id
    OR OLD.transfer_id IS NOT NEW.transfer_id OR OLD.is_split != NEW.is_split) BEGIN
    ${addTotals('NEW', 1)}
  END;
  CREATE TRIGGER transactions_au_split_move AFTER UPDATE ON transactions
  WHEN OLD.is_split = 1 AND NEW.is_split = 1
    AND (substr(OLD.date, 1, 7) != substr(NEW.date, 1, 7) OR OLD.account_id != NEW.account_id) BEGIN
    ${moveSplits('OLD', -1)}
    ${moveSplits('NEW', 1)}
  END;

  CREATE TRIGGER transaction_splits_ai AFTER INSERT ON transaction_splits BEGIN
    ${addSplitTotals('NEW', 1)}
  END;
  CREATE TRIGGER transaction_splits_ad AFTER DELETE ON transaction_splits BEGIN
    ${addSplitTotals('OLD', -1)}
  END;
  CREATE TRIGGER transaction_splits_au AFTER UPDATE ON transaction_splits BEGIN
    ${addSplitTotals('OLD', -1)}
    ${addSplitTotals('NEW', 1)}
  END;

  CREATE TRIGGER payees_au_name AFTER UPDATE OF name ON payees BEGIN
    DELETE FROM transactions_fts WHERE rowid IN (SELECT rowid FROM transactions WHERE payee_id = NEW.id);
    INSERT INTO transactions_fts (rowid, payee, memo)
      SELECT rowid, NEW.name, memo FROM transactions WHERE payee_id = NEW.id;
  END;
`;

/**
 * The starting categories every new vault gets. Frozen with this migration: later
 * changes to the defaults belong in a new migration (or stay user choices).
 */
export const DEFAULT_CATEGORIES: readonly {
  group: string;
  kind: 'income' | 'expense';
  names: string[];
}[] = [
  {
    group: 'Income',
    kind: 'income',
    names: ['Salary', 'Business income', 'Interest', 'Refunds', 'Other income'],
  },
  {
    group: 'Housing',
    kind: 'expense',
    names: ['Rent or mortgage', 'Utilities', 'Maintenance', 'Insurance'],
  },
  { group: 'Food', kind: 'expense', names: ['Groceries', 'Restaurants', 'Coffee'] },
  { group: 'Transport', kind: 'expense', names: ['Fuel', 'Public transport', 'Car', 'Parking'] },
  {
    group: 'Living',
    kind: 'expense',
    names: ['Health', 'Shopping', 'Entertainment', 'Travel', 'Subscriptions', 'Gifts'],
  },
  {
    group: 'Business',
    kind: 'expense',
    names: [
      'Office supplies',
      'Software',
      'Professional services',
      'Mileage',
      'Business travel',
      'Bank fees',
    ],
  },
  { group: 'Taxes', kind: 'expense', names: ['Income tax', 'Sales tax'] },
];
