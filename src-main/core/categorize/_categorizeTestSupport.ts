/** Test-only helpers for the categorizer's tests. Never import from production code. */
import { createAccount, createTransaction, findCategoryByName } from '../ledger';
import type { UnlockedVault } from '../vault';
import { _openTempVault } from '../vault/_testSupport';

export interface CategorizeFixture {
  vault: UnlockedVault;
  dataDir: string;
  accountId: string;
  category: (name: string) => string;
  add: (
    payee: string,
    options?: { category?: string; amount?: number; memo?: string; date?: string },
  ) => string;
  close: () => void;
}

export async function _openCategorizeVault(
  accountName = 'Everyday Checking',
): Promise<CategorizeFixture> {
  const { vault, dataDir, close } = await _openTempVault();
  const accountId = createAccount(vault.db, {
    name: accountName,
    type: 'checking',
    currency: 'USD',
    openingBalance: 0,
  }).id;
  const category = (name: string) => findCategoryByName(vault.db, name).id;
  let day = 0;
  const add: CategorizeFixture['add'] = (payee, options = {}) => {
    day += 1;
    const date =
      options.date ?? new Date(Date.UTC(2024, 0, 1 + (day % 700))).toISOString().slice(0, 10);
    return createTransaction(vault.db, {
      accountId,
      date,
      amount: options.amount ?? -1234,
      payee,
      memo: options.memo ?? '',
      categoryId: options.category ? category(options.category) : null,
      status: 'cleared',
      tags: [],
      splits: [],
      externalId: null,
    }).id;
  };
  return { vault, dataDir, accountId, category, add, close };
}
