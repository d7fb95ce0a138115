import { z } from 'zod';
import { newId } from '../../../src-shared/domain/ids';
import type { Tx } from '../db/database';

/*
 * Accounts. An account is created by its first completed magic link, so "is this address
 * known?" is never answered before the mailbox is proven.
 */

const UserRow = z.object({ id: z.string(), email: z.string(), created_at: z.coerce.date() });
export type UserRecord = { id: string; email: string; createdAt: Date };

/** Finds the account for `email` or creates it; leaves the transaction scoped to it. */
export async function findOrCreateUser(
  tx: Tx,
  email: string,
  now: Date,
): Promise<{ user: UserRecord; created: boolean }> {
  await tx.setCapability('app.lookup_email', email);
  const found = await tx.query('SELECT id, email, created_at FROM users WHERE email = $1', [email]);
  await tx.setCapability('app.lookup_email', '');
  const existing = found.rows[0];
  if (existing !== undefined) {
    const row = UserRow.parse(existing);
    await tx.setUser(row.id);
    return { user: { id: row.id, email: row.email, createdAt: row.created_at }, created: false };
  }
  const id = newId();
  await tx.setUser(id);
  await tx.query('INSERT INTO users (id, email, created_at) VALUES ($1, $2, $3)', [id, email, now]);
  return { user: { id, email, createdAt: now }, created: true };
}

/** The signed-in user's own row (RLS already scopes the transaction to them). */
export async function currentUser(tx: Tx): Promise<UserRecord | undefined> {
  const { rows } = await tx.query(
    'SELECT id, email, created_at FROM users WHERE id = app_user_id()',
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const r = UserRow.parse(row);
  return { id: r.id, email: r.email, createdAt: r.created_at };
}
