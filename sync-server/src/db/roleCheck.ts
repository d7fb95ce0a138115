import { z } from 'zod';
import { APP_ROLE } from './database';
import type { Driver } from './types';

/*
 * Start-up guard: the role requests run as must not be able to bypass row-level security,
 * must own no table (owners are exempt unless RLS is forced) and every user-scoped table
 * must force RLS. A deployment where someone "fixed" a permission error by granting
 * BYPASSRLS or changing ownership refuses to start instead of silently serving
 * everyone's rows.
 */

/** Tables whose rows belong to one user (or open only by a secret) and must force RLS. */
export const USER_SCOPED_TABLES = [
  'users',
  'sessions',
  'refresh_tokens',
  'magic_links',
  'plaid_items',
  'plaid_link_sessions',
  'billing_customers',
  'billing_subscriptions',
  'mfa_totp',
  'mfa_recovery_codes',
  'mfa_challenges',
  'trusted_devices',
  'oidc_flows',
  'oidc_identities',
  'account_notices',
] as const;

const RoleRow = z.object({
  rolsuper: z.boolean(),
  rolbypassrls: z.boolean(),
  rolcanlogin: z.boolean(),
});
const CountRow = z.object({ n: z.coerce.number() });
const TableRow = z.object({
  relname: z.string(),
  relrowsecurity: z.boolean(),
  relforcerowsecurity: z.boolean(),
});

export async function assertAppRoleIsConfined(driver: Driver): Promise<void> {
  await driver.withClient(async (client) => {
    const role = await client.query(
      'SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1',
      [APP_ROLE],
    );
    const row = role.rows[0];
    if (row === undefined) throw new Error(`role ${APP_ROLE} is missing`);
    const r = RoleRow.parse(row);
    if (r.rolsuper || r.rolbypassrls)
      throw new Error(`role ${APP_ROLE} can bypass row-level security`);
    const owned = await client.query(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_roles o ON o.oid = c.relowner
        WHERE o.rolname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')`,
      [APP_ROLE],
    );
    if (CountRow.parse(owned.rows[0]).n !== 0) throw new Error(`role ${APP_ROLE} owns tables`);
    const tables = await client.query(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1::text[])`,
      [[...USER_SCOPED_TABLES]],
    );
    const seen = tables.rows.map((t) => TableRow.parse(t));
    for (const name of USER_SCOPED_TABLES) {
      const t = seen.find((s) => s.relname === name);
      if (t === undefined || !t.relrowsecurity || !t.relforcerowsecurity) {
        throw new Error(`table ${name} must enable and force row-level security`);
      }
    }
  });
}
