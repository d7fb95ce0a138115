import type { CurrencyCode } from '../../../src-shared/domain';
import { notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';

/** Checks a referenced account exists and returns what writes need to know about it. */
export function requireAccount(
  db: SqlDatabase,
  id: string,
): { currency: CurrencyCode; archived: boolean } {
  const row = db.prepare('SELECT currency, archived FROM accounts WHERE id = ?').get(id) as
    { currency: CurrencyCode; archived: number } | undefined;
  if (!row) throw notFound('account');
  return { currency: row.currency, archived: row.archived === 1 };
}

export function requireCategory(db: SqlDatabase, id: string): void {
  if (!db.prepare('SELECT 1 FROM categories WHERE id = ?').get(id)) throw notFound('category');
}
