import type { SqlDatabase } from '../openDatabase';

/**
 * One forward-only schema step. Never edit a migration that has shipped: add a new
 * one. `up` runs inside a transaction together with the `user_version` stamp.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: SqlDatabase): void;
}
