import { appendAudit, type AuditEntry } from '../audit/auditLog';
import type { KeyRing } from '../config/keyRing';
import type { Database } from '../db/database';
import type { RawClient } from '../db/types';

/*
 * Operator work (admin CLI, daily jobs) runs as casike_operator: the owner connection
 * switches to it for one transaction. It sees every account through policies written for
 * it (migration 0004) and still cannot bypass RLS. The serving role casike_app is not a
 * member, so a deployment whose DATABASE_URL logs in as casike_app cannot do operator
 * work through it: the admin CLI then uses DATABASE_MIGRATION_URL (the owner).
 */

export const OPERATOR_ROLE = 'casike_operator';

export interface OperatorTx extends RawClient {
  audit(entry: AuditEntry): Promise<void>;
}

export async function asOperator<T>(
  db: Database,
  ring: KeyRing,
  now: () => Date,
  fn: (q: OperatorTx) => Promise<T>,
): Promise<T> {
  return db.__dangerouslyAsOwner(async (client) => {
    await client.exec(
      `BEGIN; SET LOCAL ROLE ${OPERATOR_ROLE}; SET LOCAL statement_timeout = '5min'`,
    );
    try {
      const q: OperatorTx = {
        query: (sql, params) => client.query(sql, params),
        exec: (sql) => client.exec(sql),
        audit: (entry) => appendAudit(client, ring, now(), entry),
      };
      const value = await fn(q);
      await client.exec('COMMIT');
      return value;
    } catch (error) {
      await client.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
