/** Test-only helpers for the rules' tests. Never import from production code. */
import { expect } from 'vitest';
import type { SqlDatabase } from '../db/openDatabase';
import { createAccount, findCategoryByName, type TransactionDraft } from '../ledger';
import { initVault, openVault } from '../vault';
import { _tempDataDir } from '../vault/_testSupport';

export const _PASSPHRASE = 'rules test passphrase';

/** A new vault in a temp dir, unlocked; `close()` locks it and removes the dir. */
export async function _openRulesVault(): Promise<{
  db: SqlDatabase;
  dataDir: string;
  close: () => void;
}> {
  const { dir, cleanup } = _tempDataDir();
  await initVault(dir, _PASSPHRASE);
  const vault = await openVault(
    { dataDir: dir },
    { method: 'passphrase', passphrase: _PASSPHRASE },
  );
  return {
    db: vault.db,
    dataDir: dir,
    close: () => {
      if (vault.isOpen) vault.lock('exit');
      cleanup();
    },
  };
}

/** Accounts and category ids most tests use. */
export function _seedLedger(db: SqlDatabase) {
  return {
    checking: createAccount(db, {
      name: 'Checking',
      type: 'checking',
      currency: 'USD',
      openingBalance: 0,
    }).id,
    card: createAccount(db, {
      name: 'Card',
      type: 'credit_card',
      currency: 'USD',
      openingBalance: 0,
    }).id,
    coffee: findCategoryByName(db, 'Coffee').id,
    groceries: findCategoryByName(db, 'Groceries').id,
    restaurants: findCategoryByName(db, 'Restaurants').id,
    shopping: findCategoryByName(db, 'Shopping').id,
    salary: findCategoryByName(db, 'Salary').id,
  };
}

type Bucket = { key: string; inflow: number; outflow: number; count: number };

/**
 * Recomputes monthly_totals and payee_month_totals from transactions and splits the
 * slow, obvious way and expects the trigger-maintained tables to hold the same numbers.
 */
export function _expectTotalsMatchNaive(db: SqlDatabase): void {
  const naiveMonthly = db
    .prepare(
      `WITH lines AS (
         SELECT substr(date, 1, 7) AS month, account_id,
                CASE WHEN transfer_id IS NOT NULL THEN '~transfer' ELSE coalesce(category_id, '') END AS k,
                amount
         FROM transactions WHERE is_split = 0
         UNION ALL
         SELECT substr(p.date, 1, 7), p.account_id, coalesce(s.category_id, ''), s.amount
         FROM transaction_splits s JOIN transactions p ON p.id = s.transaction_id)
       SELECT month || '|' || account_id || '|' || k AS key, sum(max(amount, 0)) AS inflow,
              sum(min(amount, 0)) AS outflow, count(*) AS count
       FROM lines GROUP BY 1 ORDER BY 1`,
    )
    .all() as Bucket[];
  const maintainedMonthly = db
    .prepare(
      `SELECT month || '|' || account_id || '|' || category_key AS key, inflow, outflow, count
       FROM monthly_totals WHERE count != 0 OR inflow != 0 OR outflow != 0 ORDER BY 1`,
    )
    .all() as Bucket[];
  expect(maintainedMonthly).toEqual(naiveMonthly);

  const naivePayees = db
    .prepare(
      `SELECT substr(date, 1, 7) || '|' || payee_id AS key, sum(max(amount, 0)) AS inflow,
              sum(min(amount, 0)) AS outflow, count(*) AS count
       FROM transactions WHERE payee_id IS NOT NULL AND transfer_id IS NULL GROUP BY 1 ORDER BY 1`,
    )
    .all() as Bucket[];
  const maintainedPayees = db
    .prepare(
      `SELECT month || '|' || payee_id AS key, inflow, outflow, count FROM payee_month_totals
       WHERE count != 0 OR inflow != 0 OR outflow != 0 ORDER BY 1`,
    )
    .all() as Bucket[];
  expect(maintainedPayees).toEqual(naivePayees);
}

/** A fingerprint of every ledger table, to prove an operation wrote nothing. */
export function _ledgerFingerprint(db: SqlDatabase): string {
  const tables = [
    'transactions',
    'transaction_splits',
    'transaction_tags',
    'tags',
    'payees',
    'monthly_totals',
    'payee_month_totals',
    'rules',
  ];
  return JSON.stringify(
    tables.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()),
  );
}

/** A complete new-transaction draft with everything but the account defaulted. */
export function _draft(accountId: string, over: Partial<TransactionDraft> = {}): TransactionDraft {
  return {
    accountId,
    date: '2025-03-14',
    amount: -450,
    payee: null,
    memo: '',
    categoryId: null,
    status: 'cleared',
    tags: [],
    splits: [],
    externalId: null,
    ...over,
  };
}
