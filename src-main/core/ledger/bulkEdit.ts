import { invalid } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { payeeIdFor } from './payees';
import { requireCategory } from './references';
import { addTransactionTags, removeTransactionTags } from './tags';

export interface BulkEdit {
  ids: readonly string[];
  set: {
    categoryId?: string | null | undefined;
    payee?: string | null | undefined;
    status?: 'pending' | 'cleared' | undefined;
    memo?: string | undefined;
    addTags?: readonly string[] | undefined;
    removeTags?: readonly string[] | undefined;
  };
}

/**
 * Edits many transactions at once, all or nothing. A category is not forced onto
 * split transactions or transfers (that would destroy their parts); those are left
 * as they are and not counted.
 */
export function bulkEditTransactions(db: SqlDatabase, edit: BulkEdit): number {
  const { set } = edit;
  if (Object.values(set).every((value) => value === undefined)) throw invalid('nothing to change');
  if (set.categoryId) requireCategory(db, set.categoryId);
  return db.transaction(() => {
    const payeeId = set.payee === undefined ? undefined : payeeIdFor(db, set.payee);
    const now = new Date().toISOString();
    const update = db.prepare(
      `UPDATE transactions SET
         category_id = CASE WHEN ? AND is_split = 0 AND transfer_id IS NULL THEN ? ELSE category_id END,
         payee_id = CASE WHEN ? AND transfer_id IS NULL THEN ? ELSE payee_id END,
         status = coalesce(?, status),
         memo = coalesce(?, memo),
         updated_at = ?
       WHERE id = ?`,
    );
    const touchesCategory = set.categoryId !== undefined;
    let updated = 0;
    for (const id of new Set(edit.ids)) {
      const eligible = db
        .prepare('SELECT is_split, transfer_id FROM transactions WHERE id = ?')
        .get(id) as { is_split: number; transfer_id: string | null } | undefined;
      if (!eligible) continue;
      if (touchesCategory && (eligible.is_split === 1 || eligible.transfer_id) && onlyCategory(set))
        continue;
      update.run(
        touchesCategory ? 1 : 0,
        set.categoryId ?? null,
        payeeId === undefined ? 0 : 1,
        payeeId ?? null,
        set.status ?? null,
        set.memo ?? null,
        now,
        id,
      );
      if (set.addTags) addTransactionTags(db, id, set.addTags);
      if (set.removeTags) removeTransactionTags(db, id, set.removeTags);
      updated += 1;
    }
    return updated;
  })();
}

function onlyCategory(set: BulkEdit['set']): boolean {
  return Object.entries(set).every(([key, value]) => key === 'categoryId' || value === undefined);
}
