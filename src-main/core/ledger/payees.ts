import type { Payee } from '../../../src-shared/contract/ledger';
import { newId } from '../../../src-shared/domain/ids';
import { conflict, invalid, notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';

/** The payee id for a name, creating the payee on first use. Names match case-insensitively. */
export function payeeIdFor(db: SqlDatabase, name: string | null): string | null {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') return null;
  const existing = db.prepare('SELECT id FROM payees WHERE name = ?').get(trimmed) as
    { id: string } | undefined;
  if (existing) return existing.id;
  const id = newId();
  db.prepare('INSERT INTO payees (id, name) VALUES (?, ?)').run(id, trimmed);
  return id;
}

export function listPayees(db: SqlDatabase, search: string | undefined, limit: number): Payee[] {
  // Prefix match on the NOCASE primary order; LIKE's wildcards in user text are escaped.
  const pattern = `${(search ?? '').replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return db
    .prepare("SELECT id, name FROM payees WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?")
    .all(pattern, limit) as Payee[];
}

export function getPayee(db: SqlDatabase, id: string): Payee {
  const row = db.prepare('SELECT id, name FROM payees WHERE id = ?').get(id) as Payee | undefined;
  if (!row) throw notFound('payee');
  return row;
}

/** Renames a payee; its transactions' search index follows (trigger payees_au_name). */
export function renamePayee(db: SqlDatabase, id: string, name: string): Payee {
  getPayee(db, id);
  const clash = db.prepare('SELECT id FROM payees WHERE name = ? AND id != ?').get(name, id);
  if (clash) throw conflict(`a payee named "${name}" already exists; merge them instead`);
  db.prepare('UPDATE payees SET name = ? WHERE id = ?').run(name, id);
  return getPayee(db, id);
}

/**
 * Moves every transaction of the source payees to the target and deletes the sources,
 * in one transaction. Rules that name a source payee by name keep working only if they
 * match the target's name too: that is the rules' business, not the merge's.
 */
export function mergePayees(
  db: SqlDatabase,
  sourceIds: readonly string[],
  targetId: string,
): number {
  getPayee(db, targetId);
  if (sourceIds.includes(targetId)) throw invalid('the target payee cannot also be a source');
  return db.transaction(() => {
    let moved = 0;
    const move = db.prepare('UPDATE transactions SET payee_id = ? WHERE payee_id = ?');
    const remove = db.prepare('DELETE FROM payees WHERE id = ?');
    for (const sourceId of sourceIds) {
      getPayee(db, sourceId);
      moved += move.run(targetId, sourceId).changes;
      remove.run(sourceId);
    }
    return moved;
  })();
}
