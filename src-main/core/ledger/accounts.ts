import type { Account } from '../../../src-shared/contract/ledger';
import { newId } from '../../../src-shared/domain/ids';
import type { CurrencyCode } from '../../../src-shared/domain';
import { conflict, notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';

interface AccountRow {
  id: string;
  name: string;
  type: Account['type'];
  currency: CurrencyCode;
  opening_balance: number;
  archived: number;
  created_at: string;
  flow: number;
}

/** The balance is the opening balance plus the maintained monthly totals: no row scan. */
const SELECT_ACCOUNTS = `
  SELECT a.id, a.name, a.type, a.currency, a.opening_balance, a.archived, a.created_at,
         coalesce((SELECT sum(inflow + outflow) FROM monthly_totals m WHERE m.account_id = a.id), 0) AS flow
  FROM accounts a`;

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    currency: row.currency,
    openingBalance: row.opening_balance,
    balance: row.opening_balance + row.flow,
    archived: row.archived === 1,
    createdAt: row.created_at,
  };
}

export function listAccounts(db: SqlDatabase, includeArchived = false): Account[] {
  const rows = db
    .prepare(`${SELECT_ACCOUNTS} WHERE a.archived = 0 OR ? ORDER BY a.archived, a.name`)
    .all(includeArchived ? 1 : 0) as AccountRow[];
  return rows.map(toAccount);
}

export function getAccount(db: SqlDatabase, id: string): Account {
  const row = db.prepare(`${SELECT_ACCOUNTS} WHERE a.id = ?`).get(id) as AccountRow | undefined;
  if (!row) throw notFound('account');
  return toAccount(row);
}

/** Finds an account by name, case-insensitively (the CLI's `--account NAME`). */
export function findAccountByName(db: SqlDatabase, name: string): Account {
  const row = db.prepare(`${SELECT_ACCOUNTS} WHERE a.name = ? COLLATE NOCASE`).get(name) as
    AccountRow | undefined;
  if (!row) throw notFound(`account "${name}"`);
  return toAccount(row);
}

export function createAccount(
  db: SqlDatabase,
  input: { name: string; type: Account['type']; currency: CurrencyCode; openingBalance: number },
): Account {
  const id = newId();
  try {
    db.prepare(
      'INSERT INTO accounts (id, name, type, currency, opening_balance, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      id,
      input.name,
      input.type,
      input.currency,
      input.openingBalance,
      new Date().toISOString(),
    );
  } catch (error) {
    throw uniqueNameError(error, input.name);
  }
  return getAccount(db, id);
}

export function updateAccount(
  db: SqlDatabase,
  input: {
    id: string;
    name?: string;
    type?: Account['type'];
    openingBalance?: number;
    archived?: boolean;
  },
): Account {
  const current = getAccount(db, input.id);
  try {
    db.prepare(
      'UPDATE accounts SET name = ?, type = ?, opening_balance = ?, archived = ? WHERE id = ?',
    ).run(
      input.name ?? current.name,
      input.type ?? current.type,
      input.openingBalance ?? current.openingBalance,
      (input.archived ?? current.archived) ? 1 : 0,
      input.id,
    );
  } catch (error) {
    throw uniqueNameError(error, input.name ?? current.name);
  }
  return getAccount(db, input.id);
}

function uniqueNameError(error: unknown, name: string): unknown {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE'
    ? conflict(`an account named "${name}" already exists`)
    : error;
}
