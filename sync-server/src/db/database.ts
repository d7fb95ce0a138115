import type { Driver, Queryable, RawClient } from './types';

/*
 * Every request's database work runs through `transaction`: one transaction, switched to
 * the `casike_app` role, which owns nothing and cannot bypass row-level security. Who the
 * caller is travels as transaction-local settings that the policies read:
 *   app.user_id     the signed-in user: user-scoped rows are visible only when they match;
 *   app.token_hash  the hash of a secret the caller presented (refresh token, magic link):
 *                   makes exactly that one row visible before the user is known;
 *   app.lookup_email  one email address, to find an account while signing in.
 * All are `SET LOCAL` (set_config(..., true)), so nothing outlives the transaction or
 * leaks to the next request on a pooled connection.
 */

export const APP_ROLE = 'casike_app';

export type CapabilitySetting = 'app.token_hash' | 'app.lookup_email';

export interface Tx extends Queryable {
  /** Scopes the rest of the transaction to this user. */
  setUser(userId: string): Promise<void>;
  /** Grants sight of the rows this secret hash or email opens; '' withdraws it. */
  setCapability(name: CapabilitySetting, value: string): Promise<void>;
}

export interface TransactionOptions {
  userId?: string;
}

export interface Database {
  readonly kind: Driver['kind'];
  /** One transaction as `casike_app`, committed when `fn` resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /**
   * A connection as the owner (the DATABASE_URL user): no RLS for a superuser owner.
   * Only migrations, operator tooling and tests that must see behind RLS use it.
   */
  __dangerouslyAsOwner<T>(fn: (client: RawClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function createDatabase(driver: Driver): Database {
  return {
    kind: driver.kind,
    transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return driver.withClient(async (client) => {
        // A statement timeout bounds what one request can hold; ROLE cannot be a parameter,
        // which is why it is a constant here.
        await client.exec(`BEGIN; SET LOCAL ROLE ${APP_ROLE}; SET LOCAL statement_timeout = '10s'`);
        try {
          const tx: Tx = {
            query: (sql, params) => client.query(sql, params),
            async setUser(userId) {
              await client.query(`SELECT set_config('app.user_id', $1, true)`, [userId]);
            },
            async setCapability(name, value) {
              await client.query(`SELECT set_config($1, $2, true)`, [name, value]);
            },
          };
          if (options.userId !== undefined) await tx.setUser(options.userId);
          const value = await fn(tx);
          await client.exec('COMMIT');
          return value;
        } catch (error) {
          await client.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    async ping(): Promise<void> {
      await driver.withClient((client) => client.query('SELECT 1'));
    },
    __dangerouslyAsOwner: (fn) => driver.withClient(fn),
    close: () => driver.close(),
  };
}
