import type { SqlDatabase } from '../db/openDatabase';

/**
 * The non-unique secondary indexes of `transactions` that nothing in an import reads:
 * dedupe uses the unique (account, import_key) and (account, external_id) indexes, and
 * pending matching the partial pending index, so those stay. Each of these costs a
 * b-tree insert per row (amount and payee land at random places); for a large import it
 * is cheaper to drop them and build them again with one sort at the end.
 */
const LIFTABLE = [
  'transactions_account',
  'transactions_category',
  'transactions_payee',
  'transactions_amount',
];

/**
 * Drops the liftable indexes and returns what `restoreIndexes` needs to rebuild them.
 * Call inside the import's transaction: a rollback (or a crash) brings them back as
 * they were, and the commit only happens after they are rebuilt.
 */
export function liftIndexes(db: SqlDatabase): string[] {
  const saved = (
    db
      .prepare(
        `SELECT name, sql FROM sqlite_master
         WHERE type = 'index' AND tbl_name = 'transactions' AND name IN (${LIFTABLE.map(() => '?').join(',')})`,
      )
      .all(...LIFTABLE) as { name: string; sql: string }[]
  ).filter((index) => index.sql !== null);
  for (const index of saved) db.exec(`DROP INDEX ${quoteName(index.name)}`);
  return saved.map((index) => index.sql);
}

export function restoreIndexes(db: SqlDatabase, saved: readonly string[]): void {
  for (const sql of saved) db.exec(sql);
}

/** Index names come from the fixed list above; quoting is belt and braces. */
const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;
