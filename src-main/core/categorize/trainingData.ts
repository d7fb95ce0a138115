import type { SqlDatabase } from '../db/openDatabase';
import { CategoryModel } from './model';

/**
 * The vault's model: trained from the per-payee category counts the ledger's triggers
 * keep (migration 0004), so it costs a pass over the payees, never over the
 * transactions. Cached per open database and rebuilt only when the counts' revision
 * moved, i.e. when the user (or a rule, or an import) filed something.
 */
const cache = new WeakMap<SqlDatabase, { revision: number; model: CategoryModel }>();

export function vaultModel(db: SqlDatabase): CategoryModel {
  const revision = currentRevision(db);
  const cached = cache.get(db);
  if (cached && cached.revision === revision) return cached.model;
  const model = CategoryModel.train(trainingExamples(db));
  cache.set(db, { revision, model });
  return model;
}

function currentRevision(db: SqlDatabase): number {
  const row = db.prepare('SELECT revision FROM categorize_state WHERE id = 1').get() as
    { revision: number } | undefined;
  return row?.revision ?? 0;
}

function* trainingExamples(db: SqlDatabase) {
  const rows = db
    .prepare(
      `SELECT p.name AS text, c.category_id AS categoryId, c.count AS weight
       FROM payee_category_counts c JOIN payees p ON p.id = c.payee_id
       JOIN categories k ON k.id = c.category_id
       WHERE c.count > 0`,
    )
    .iterate() as IterableIterator<{ text: string; categoryId: string; weight: number }>;
  yield* rows;
}
