import type { Category, CategoryGroup } from '../../../src-shared/contract/ledger';
import { newId } from '../../../src-shared/domain/ids';
import { conflict, invalid, notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';

interface GroupRow {
  id: string;
  name: string;
  kind: 'income' | 'expense';
  hidden: number;
}
interface CategoryRow {
  id: string;
  group_id: string;
  name: string;
  hidden: number;
}

const toCategory = (row: CategoryRow): Category => ({
  id: row.id,
  groupId: row.group_id,
  name: row.name,
  hidden: row.hidden === 1,
});

export function listCategoryGroups(db: SqlDatabase): CategoryGroup[] {
  const groups = db
    .prepare('SELECT id, name, kind, hidden FROM category_groups ORDER BY position, name')
    .all() as GroupRow[];
  const categories = db
    .prepare('SELECT id, group_id, name, hidden FROM categories ORDER BY position, name')
    .all() as CategoryRow[];
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    kind: group.kind,
    hidden: group.hidden === 1,
    categories: categories.filter((category) => category.group_id === group.id).map(toCategory),
  }));
}

export function getCategory(db: SqlDatabase, id: string): Category {
  const row = db
    .prepare('SELECT id, group_id, name, hidden FROM categories WHERE id = ?')
    .get(id) as CategoryRow | undefined;
  if (!row) throw notFound('category');
  return toCategory(row);
}

/**
 * Finds a category by name, case-insensitively; "Group:Name" disambiguates when two
 * groups share a category name (the CLI's `--category`).
 */
export function findCategoryByName(db: SqlDatabase, text: string): Category {
  const [groupName, categoryName] = text.includes(':') ? text.split(':', 2) : [null, text];
  const rows = db
    .prepare(
      `SELECT c.id, c.group_id, c.name, c.hidden FROM categories c JOIN category_groups g ON g.id = c.group_id
       WHERE c.name = ? COLLATE NOCASE AND (? IS NULL OR g.name = ? COLLATE NOCASE)`,
    )
    .all(
      categoryName?.trim(),
      groupName?.trim() ?? null,
      groupName?.trim() ?? null,
    ) as CategoryRow[];
  const [first, second] = rows;
  if (!first) throw notFound(`category "${text}"`);
  if (second) throw invalid(`category "${text}" is ambiguous; write it as Group:Category`);
  return toCategory(first);
}

export function createCategoryGroup(
  db: SqlDatabase,
  name: string,
  kind: 'income' | 'expense',
): CategoryGroup {
  const id = newId();
  try {
    db.prepare(
      'INSERT INTO category_groups (id, name, kind, position) VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM category_groups))',
    ).run(id, name, kind);
  } catch (error) {
    throw duplicate(error, `a category group named "${name}" already exists`);
  }
  const group = listCategoryGroups(db).find((candidate) => candidate.id === id);
  if (!group) throw notFound('category group');
  return group;
}

export function createCategory(db: SqlDatabase, groupId: string, name: string): Category {
  if (!db.prepare('SELECT 1 FROM category_groups WHERE id = ?').get(groupId))
    throw notFound('category group');
  const id = newId();
  try {
    db.prepare(
      'INSERT INTO categories (id, group_id, name, position) VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM categories WHERE group_id = ?))',
    ).run(id, groupId, name, groupId);
  } catch (error) {
    throw duplicate(error, `this group already has a category named "${name}"`);
  }
  return getCategory(db, id);
}

export function updateCategory(
  db: SqlDatabase,
  input: { id: string; name?: string; hidden?: boolean; groupId?: string },
): Category {
  const current = getCategory(db, input.id);
  if (
    input.groupId &&
    !db.prepare('SELECT 1 FROM category_groups WHERE id = ?').get(input.groupId)
  ) {
    throw notFound('category group');
  }
  try {
    db.prepare('UPDATE categories SET name = ?, hidden = ?, group_id = ? WHERE id = ?').run(
      input.name ?? current.name,
      (input.hidden ?? current.hidden) ? 1 : 0,
      input.groupId ?? current.groupId,
      input.id,
    );
  } catch (error) {
    throw duplicate(
      error,
      `that group already has a category named "${input.name ?? current.name}"`,
    );
  }
  return getCategory(db, input.id);
}

/**
 * Deletes a category, moving its transactions, splits and budgets to `reassignTo`
 * (or leaving them uncategorized), in one transaction.
 */
export function deleteCategory(db: SqlDatabase, id: string, reassignTo: string | null): number {
  getCategory(db, id);
  if (reassignTo === id) throw invalid('a category cannot be reassigned to itself');
  if (reassignTo) getCategory(db, reassignTo);
  return db.transaction(() => {
    const moved = db
      .prepare('UPDATE transactions SET category_id = ? WHERE category_id = ?')
      .run(reassignTo, id).changes;
    const splits = db
      .prepare('UPDATE transaction_splits SET category_id = ? WHERE category_id = ?')
      .run(reassignTo, id);
    db.prepare('DELETE FROM budgets WHERE category_id = ?').run(id);
    db.prepare('DELETE FROM categories WHERE id = ?').run(id);
    return moved + splits.changes;
  })();
}

function duplicate(error: unknown, message: string): unknown {
  return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE'
    ? conflict(message)
    : error;
}
