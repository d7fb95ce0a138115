import { newId } from '../../../src-shared/domain/ids';
import { toDecimalString, type CurrencyCode } from '../../../src-shared/domain';
import { invalid } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { requireCategory } from './references';

export interface SplitDraft {
  categoryId: string | null;
  amount: number;
  memo: string;
}

/**
 * A split transaction's parts must add up to its amount exactly, to the minor unit.
 * Nothing is rounded or adjusted here: a mismatch is the caller's error to fix.
 */
export function assertSplitsSumToAmount(
  splits: readonly SplitDraft[],
  amount: number,
  currency: CurrencyCode,
): void {
  if (splits.length === 0) return;
  if (splits.length < 2) throw invalid('a split needs at least two parts');
  const total = splits.reduce((sum, split) => sum + split.amount, 0);
  if (total !== amount) {
    throw invalid(
      `the splits add up to ${toDecimalString(total, currency)} but the amount is ${toDecimalString(amount, currency)}`,
    );
  }
}

/** Inserts splits for a parent already marked is_split = 1 (the totals triggers need that order). */
export function insertSplits(
  db: SqlDatabase,
  transactionId: string,
  splits: readonly SplitDraft[],
): void {
  const insert = db.prepare(
    'INSERT INTO transaction_splits (id, transaction_id, category_id, amount, memo, position) VALUES (?, ?, ?, ?, ?, ?)',
  );
  splits.forEach((split, position) => {
    if (split.categoryId) requireCategory(db, split.categoryId);
    insert.run(newId(), transactionId, split.categoryId, split.amount, split.memo, position);
  });
}

/** Deletes a parent's splits; must run before the parent row changes or goes. */
export function deleteSplits(db: SqlDatabase, transactionId: string): void {
  db.prepare('DELETE FROM transaction_splits WHERE transaction_id = ?').run(transactionId);
}
