import { MIGRATIONS, type Migration } from './migrations';
import type { SqlDatabase } from './openDatabase';

export class SchemaFromTheFutureError extends Error {
  constructor(found: number, known: number) {
    super(
      `this vault uses schema version ${found}, newer than this version of Casike knows (${known}); update Casike`,
    );
    this.name = 'SchemaFromTheFutureError';
  }
}

/** The schema version stamped in the database (`PRAGMA user_version`). */
export function schemaVersion(db: SqlDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to the newest schema. Each step runs in its own
 * transaction with its version stamp, so a crash leaves the database at the last
 * completed step. A database from a newer Casike is refused, never downgraded.
 */
export function migrate(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS): number {
  assertContiguous(migrations);
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) throw new SchemaFromTheFutureError(current, latest);
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      // PRAGMA cannot take a bound parameter; the value is our own integer.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    })();
  }
  return schemaVersion(db);
}

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migration ${migration.name} has version ${migration.version}, expected ${index + 1}`,
      );
    }
  });
}
