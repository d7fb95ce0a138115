import type { CurrencyCode } from '../../src-shared/domain';
import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import { createAccount, listAccounts, listCategoryGroups } from '../../src-main/core/ledger';
import { ACCOUNTS, type AccountKey } from './profiles';

/** The generated ledger's names resolved to this vault's ids. */
export interface LedgerRefs {
  accounts: Map<AccountKey, { id: string; currency: CurrencyCode }>;
  categories: Map<string, string>;
}

/** Creates the bench accounts (through the ledger API) unless they exist, and maps names to ids. */
export function prepareLedger(db: SqlDatabase): LedgerRefs {
  const existing = new Map(listAccounts(db, true).map((account) => [account.name, account]));
  const accounts = new Map<AccountKey, { id: string; currency: CurrencyCode }>();
  for (const spec of ACCOUNTS) {
    const account =
      existing.get(spec.name) ??
      createAccount(db, {
        name: spec.name,
        type: spec.type,
        currency: spec.currency,
        openingBalance: spec.openingBalance,
      });
    accounts.set(spec.key, { id: account.id, currency: account.currency });
  }
  const categories = new Map<string, string>();
  for (const group of listCategoryGroups(db)) {
    for (const category of group.categories) categories.set(category.name, category.id);
  }
  return { accounts, categories };
}

export function accountId(refs: LedgerRefs, key: AccountKey): string {
  const account = refs.accounts.get(key);
  if (!account) throw new Error(`account ${key} is not in the vault`);
  return account.id;
}

/** A default-taxonomy category by name; throws if the taxonomy changed under the generator. */
export function categoryId(refs: LedgerRefs, name: string | null): string | null {
  if (name === null) return null;
  const id = refs.categories.get(name);
  if (!id) throw new Error(`category "${name}" is not in the vault's default taxonomy`);
  return id;
}
