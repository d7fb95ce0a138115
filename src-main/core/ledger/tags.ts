import { newId } from '../../../src-shared/domain/ids';
import type { SqlDatabase } from '../db/openDatabase';

/** Tag ids for names, creating unknown tags. Duplicates (case-insensitive) collapse. */
export function tagIdsFor(db: SqlDatabase, names: readonly string[]): string[] {
  const ids = new Set<string>();
  const find = db.prepare('SELECT id FROM tags WHERE name = ?');
  const create = db.prepare('INSERT INTO tags (id, name) VALUES (?, ?)');
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    const existing = find.get(name) as { id: string } | undefined;
    if (existing) {
      ids.add(existing.id);
      continue;
    }
    const id = newId();
    create.run(id, name);
    ids.add(id);
  }
  return [...ids];
}

export function setTransactionTags(
  db: SqlDatabase,
  transactionId: string,
  names: readonly string[],
): void {
  db.prepare('DELETE FROM transaction_tags WHERE transaction_id = ?').run(transactionId);
  addTransactionTags(db, transactionId, names);
}

export function addTransactionTags(
  db: SqlDatabase,
  transactionId: string,
  names: readonly string[],
): void {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO transaction_tags (transaction_id, tag_id) VALUES (?, ?)',
  );
  for (const tagId of tagIdsFor(db, names)) insert.run(transactionId, tagId);
}

export function removeTransactionTags(
  db: SqlDatabase,
  transactionId: string,
  names: readonly string[],
): void {
  const remove = db.prepare(
    'DELETE FROM transaction_tags WHERE transaction_id = ? AND tag_id IN (SELECT id FROM tags WHERE name = ?)',
  );
  for (const name of names) remove.run(transactionId, name.trim());
}
