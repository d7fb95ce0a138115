import { useMemo } from 'react';
import type { Account, CategoryGroup } from '../../../src-shared/contract';
import { useCall } from './hooks';

/** Every account, archived ones included (lookups need them: old rows point at them). */
export function useAllAccounts() {
  return useCall('accounts.list', { includeArchived: true });
}

export function useCategories() {
  return useCall('categories.list', {});
}

export interface CategoryInfo {
  id: string;
  name: string;
  groupName: string;
  kind: CategoryGroup['kind'];
  hidden: boolean;
}

/** id → account, for rows that only carry an accountId. */
export function useAccountIndex(accounts: readonly Account[] | undefined): Map<string, Account> {
  return useMemo(() => new Map((accounts ?? []).map((a) => [a.id, a])), [accounts]);
}

/** id → category with its group, for rows that only carry a categoryId. */
export function useCategoryIndex(
  groups: readonly CategoryGroup[] | undefined,
): Map<string, CategoryInfo> {
  return useMemo(() => {
    const index = new Map<string, CategoryInfo>();
    for (const group of groups ?? []) {
      for (const category of group.categories) {
        index.set(category.id, {
          id: category.id,
          name: category.name,
          groupName: group.name,
          kind: group.kind,
          hidden: category.hidden || group.hidden,
        });
      }
    }
    return index;
  }, [groups]);
}
