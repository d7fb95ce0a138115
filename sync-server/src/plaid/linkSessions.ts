import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Tx } from '../db/database';
import type { Queryable } from '../db/types';

/*
 * Hosted Link sessions (table plaid_link_sessions). The link token itself is not secret
 * enough to matter once used, but only its hash is kept: the LINK webhook names the token,
 * and its hash opens the session row (and so finds the user) without a user context.
 */

export type LinkSessionStatus = 'pending' | 'finished' | 'exited' | 'exchanged';

export interface LinkSession {
  id: string;
  userId: string;
  /** Our item row for update mode (reconnect), else null. */
  itemId: string | null;
  createdAt: Date;
  expiresAt: Date;
  status: LinkSessionStatus;
}

const Row = z.object({
  id: z.string(),
  user_id: z.string(),
  item_id: z.string().nullable(),
  created_at: z.coerce.date(),
  expires_at: z.coerce.date(),
  status: z.enum(['pending', 'finished', 'exited', 'exchanged']),
});

const COLUMNS = 'id, user_id, item_id, created_at, expires_at, status';

function toSession(raw: unknown): LinkSession {
  const r = Row.parse(raw);
  return {
    id: r.id,
    userId: r.user_id,
    itemId: r.item_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    status: r.status,
  };
}

export function linkTokenHash(linkToken: string): string {
  return createHash('sha256').update(linkToken).digest('base64url');
}

export async function insertLinkSession(
  q: Queryable,
  session: Omit<LinkSession, 'status'>,
  linkToken: string,
): Promise<void> {
  await q.query(
    `INSERT INTO plaid_link_sessions (id, user_id, link_token_hash, item_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      session.id,
      session.userId,
      linkTokenHash(linkToken),
      session.itemId,
      session.createdAt,
      session.expiresAt,
    ],
  );
}

export async function getLinkSession(q: Queryable, id: string): Promise<LinkSession | undefined> {
  const { rows } = await q.query(`SELECT ${COLUMNS} FROM plaid_link_sessions WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toSession(rows[0]);
}

export async function setLinkSessionStatus(
  q: Queryable,
  id: string,
  status: LinkSessionStatus,
): Promise<void> {
  await q.query('UPDATE plaid_link_sessions SET status = $2 WHERE id = $1', [id, status]);
}

/** Finds a session by its link token (from a verified webhook) and scopes `tx` to its user. */
export async function linkSessionByToken(
  tx: Tx,
  linkToken: string,
): Promise<LinkSession | undefined> {
  const hash = linkTokenHash(linkToken);
  await tx.setCapability('app.token_hash', hash);
  const { rows } = await tx.query(
    `SELECT ${COLUMNS} FROM plaid_link_sessions WHERE link_token_hash = $1`,
    [hash],
  );
  await tx.setCapability('app.token_hash', '');
  if (rows[0] === undefined) return undefined;
  const session = toSession(rows[0]);
  await tx.setUser(session.userId);
  return session;
}
