import pg from 'pg';
import type { Driver, QueryResult, RawClient } from './types';

/*
 * A real Postgres through node-postgres' pool. Type parsing is left at pg's defaults;
 * rows are validated with zod where they are read, which also evens out the small
 * differences from PGlite (int8 arrives as a string here, as a number there).
 */

export function openPostgres(url: string, options: { max?: number } = {}): Driver {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // A server that cannot answer is reported by /readyz, not waited on forever.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'casike-sync-server',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);

  return {
    kind: 'postgres',
    async withClient<T>(fn: (c: RawClient) => Promise<T>): Promise<T> {
      const conn = await pool.connect();
      const client: RawClient = {
        async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
          const result = await conn.query(sql, [...params]);
          return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
        },
        async exec(sql: string): Promise<void> {
          await conn.query(sql);
        },
      };
      try {
        const value = await fn(client);
        conn.release();
        return value;
      } catch (error) {
        // The connection may be mid-transaction or broken: destroy rather than reuse it.
        conn.release(true);
        throw error;
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
