import type { CurrencyCode } from '../../../src-shared/domain';
import { invalid } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';

/**
 * The currency budgets are kept in: that of the vault's first account. The budgets
 * table stores bare minor units, so one currency has to be chosen, and it must not
 * change under stored amounts; accounts are archived, never deleted, so the first one
 * stays first. Null while the vault has no account.
 */
export function budgetCurrency(db: SqlDatabase): CurrencyCode | null {
  const row = db.prepare('SELECT currency FROM accounts ORDER BY rowid LIMIT 1').get() as
    { currency: CurrencyCode } | undefined;
  return row?.currency ?? null;
}

/** The budget currency, or a VALIDATION error telling the user to add an account first. */
export function requireBudgetCurrency(db: SqlDatabase): CurrencyCode {
  const currency = budgetCurrency(db);
  if (!currency) {
    throw invalid('add an account first: budgets are kept in the currency of your first account');
  }
  return currency;
}
