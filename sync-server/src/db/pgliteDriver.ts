import { PGlite } from '@electric-sql/pglite';
import type { Driver, QueryResult, RawClient } from './types';

/*
 * Embedded Postgres (WebAssembly). It is one connection, so units of work are queued:
 * a transaction must never interleave with another request's statements.
 */

export async function openPglite(dataDir: string | null): Promise<Driver> {
  const db = dataDir === null ? await PGlite.create() : await PGlite.create({ dataDir });
  let tail: Promise<unknown> = Promise.resolve();

  const client: RawClient = {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await db.query<R>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };

  return {
    kind: 'pglite',
    withClient<T>(fn: (c: RawClient) => Promise<T>): Promise<T> {
      const run = tail.then(() => fn(client));
      tail = run.catch(() => undefined);
      return run;
    },
    async close(): Promise<void> {
      await tail;
      await db.close();
    },
  };
}
