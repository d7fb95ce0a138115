/*
 * The thin query interface both drivers implement (PGlite in development and tests,
 * node-postgres against a real server). Everything above it speaks one SQL dialect
 * through `query`, always with `$n` parameters: SQL is never built from values.
 */

export interface QueryResult<R> {
  rows: R[];
  /** Rows inserted, updated, deleted or returned. */
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
}

/** A connection held for one unit of work. */
export interface RawClient extends Queryable {
  /** Several statements, no parameters (migrations, BEGIN/SET blocks). */
  exec(sql: string): Promise<void>;
}

export interface Driver {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` with a connection of its own. When `fn` throws, the driver throws the
   * connection away (where it can) rather than reuse one left mid-transaction.
   */
  withClient<T>(fn: (client: RawClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
