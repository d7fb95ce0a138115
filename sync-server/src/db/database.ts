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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkedUuid(value: string): string {
  if (!UUID.test(value)) throw new Error('user id must be a lower-case UUID');
  return value;
}

/** How long close() lets running units of work finish before closing anyway. */
const CLOSE_GRACE_MS = 10_000;

export function createDatabase(driver: Driver): Database {
  // Units of work still running: close() waits for them, because a request whose client
  // hung up keeps running on the server and must not find the pool gone.
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };
  return {
    kind: driver.kind,
    transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return track(
        driver.withClient(async (client) => {
          // One round trip opens the transaction, drops to the app role, bounds statement time
          // and (when known) sets the user. ROLE and a multi-statement block take no
          // parameters, so the user id is inlined, and only after it matched the strict UUID
          // shape: nothing but hex digits and dashes ever reaches the SQL text.
          const user =
            options.userId === undefined
              ? ''
              : `; SELECT set_config('app.user_id', '${checkedUuid(options.userId)}', true)`;
          await client.exec(
            `BEGIN; SET LOCAL ROLE ${APP_ROLE}; SET LOCAL statement_timeout = '10s'${user}`,
          );
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
            const value = await fn(tx);
            await client.exec('COMMIT');
            return value;
          } catch (error) {
            await client.exec('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }),
      );
    },
    async ping(): Promise<void> {
      await driver.withClient((client) => client.query('SELECT 1'));
    },
    __dangerouslyAsOwner: (fn) => driver.withClient(fn),
    async close(): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
      // A request's next transaction starts right after its previous one settles, so look
      // again after a turn of the event loop until nothing is running (or time is up).
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (running.size === 0) break;
        const drained = Promise.allSettled([...running]);
        if (
          (await Promise.race([drained.then(() => 'drained'), grace.then(() => 'late')])) === 'late'
        )
          break;
      }
      clearTimeout(timer);
      await driver.close();
    },
  };
}
