import type { Migration } from './migration';

/**
 * Linked banks (Plaid through the sync server). The server keeps the access tokens; the
 * vault keeps what the app needs to merge: each item's sync cursor (saved in the same
 * transaction as the page it follows, so a sync is applied whole or not at all) and
 * which vault account each Plaid account feeds, with its latest balances (minor units).
 */
export const migration0008Bank: Migration = {
  version: 8,
  name: 'bank',
  up(db) {
    db.exec(`
      CREATE TABLE bank_items (
        item_id TEXT PRIMARY KEY,
        institution_name TEXT,
        cursor TEXT,
        last_synced_at TEXT,
        linked_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE bank_accounts (
        plaid_account_id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES bank_items (item_id) ON DELETE CASCADE,
        account_id TEXT NOT NULL UNIQUE REFERENCES accounts (id),
        balance_current INTEGER,
        balance_available INTEGER,
        balance_limit INTEGER,
        balances_at TEXT
      ) STRICT;
      CREATE INDEX bank_accounts_item ON bank_accounts (item_id);
    `);
  },
};
