import { z } from 'zod';
import type { KeyRing } from '../config/keyRing';
import type { Tx } from '../db/database';
import type { Queryable } from '../db/types';
import { openToken, sealToken } from './tokenEnvelope';

/*
 * The plaid_items table (migration 0004). Every function takes the caller's transaction,
 * already scoped to the user (or opened by an item id capability for webhooks). The access
 * token is sealed on the way in and opened only for the Plaid call that needs it; no
 * function returns it inside an item, so a route cannot serialise it by accident.
 */

export type ItemStatus = 'ok' | 'reconnect';

export interface PlaidItem {
  id: string;
  userId: string;
  plaidItemId: string;
  institutionId: string | null;
  institutionName: string | null;
  status: ItemStatus;
  statusReason: string | null;
  updatesAvailable: boolean;
  createdAt: Date;
  lastSyncedAt: Date | null;
}

const ItemRow = z.object({
  id: z.string(),
  user_id: z.string(),
  plaid_item_id: z.string(),
  institution_id: z.string().nullable(),
  institution_name: z.string().nullable(),
  status: z.enum(['ok', 'reconnect']),
  status_reason: z.string().nullable(),
  updates_available: z.boolean(),
  created_at: z.coerce.date(),
  last_synced_at: z.coerce.date().nullable(),
});

const ITEM_COLUMNS = `id, user_id, plaid_item_id, institution_id, institution_name, status,
  status_reason, updates_available, created_at, last_synced_at`;

function toItem(raw: unknown): PlaidItem {
  const r = ItemRow.parse(raw);
  return {
    id: r.id,
    userId: r.user_id,
    plaidItemId: r.plaid_item_id,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    status: r.status,
    statusReason: r.status_reason,
    updatesAvailable: r.updates_available,
    createdAt: r.created_at,
    lastSyncedAt: r.last_synced_at,
  };
}

export interface NewItem {
  id: string;
  userId: string;
  plaidItemId: string;
  institutionId: string | null;
  institutionName: string | null;
  accessToken: string;
  now: Date;
}

/**
 * Stores a freshly exchanged item. Linking the same bank login again (Plaid returns the
 * same item id) replaces the stored token rather than failing.
 */
export async function insertItem(q: Queryable, ring: KeyRing, item: NewItem): Promise<PlaidItem> {
  const existing = await q.query<{ id: string }>(
    'SELECT id FROM plaid_items WHERE plaid_item_id = $1',
    [item.plaidItemId],
  );
  const rowId = existing.rows[0]?.id ?? item.id;
  const sealed = sealToken(ring, { itemRowId: rowId, userId: item.userId }, item.accessToken);
  const { rows } = await q.query(
    `INSERT INTO plaid_items (id, user_id, plaid_item_id, institution_id, institution_name,
       token_ciphertext, token_key_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (plaid_item_id) DO UPDATE SET
       token_ciphertext = EXCLUDED.token_ciphertext, token_key_id = EXCLUDED.token_key_id,
       status = 'ok', status_reason = NULL
     RETURNING ${ITEM_COLUMNS}`,
    [
      rowId,
      item.userId,
      item.plaidItemId,
      item.institutionId,
      item.institutionName,
      sealed.ciphertext,
      sealed.keyId,
      item.now,
    ],
  );
  return toItem(rows[0]);
}

export async function listItems(q: Queryable): Promise<PlaidItem[]> {
  const { rows } = await q.query(`SELECT ${ITEM_COLUMNS} FROM plaid_items ORDER BY created_at, id`);
  return rows.map(toItem);
}

export async function getItem(q: Queryable, id: string): Promise<PlaidItem | undefined> {
  const { rows } = await q.query(`SELECT ${ITEM_COLUMNS} FROM plaid_items WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toItem(rows[0]);
}

/** The item's access token, opened for one Plaid call. */
export async function itemAccessToken(
  q: Queryable,
  ring: KeyRing,
  item: PlaidItem,
): Promise<string> {
  const { rows } = await q.query<{ token_ciphertext: string }>(
    'SELECT token_ciphertext FROM plaid_items WHERE id = $1',
    [item.id],
  );
  const ciphertext = rows[0]?.token_ciphertext;
  if (ciphertext === undefined) throw new Error('plaid item vanished');
  return openToken(ring, { itemRowId: item.id, userId: item.userId }, ciphertext);
}

/** Erases the item and its token. */
export async function deleteItem(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM plaid_items WHERE id = $1', [id]);
  return rowCount > 0;
}

export async function markSynced(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query(
    'UPDATE plaid_items SET updates_available = false, last_synced_at = $2 WHERE id = $1',
    [id, now],
  );
}

export async function setItemStatus(
  q: Queryable,
  id: string,
  status: ItemStatus,
  reason: string | null,
): Promise<void> {
  await q.query('UPDATE plaid_items SET status = $2, status_reason = $3 WHERE id = $1', [
    id,
    status,
    reason,
  ]);
}

export async function setUpdatesAvailable(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE plaid_items SET updates_available = true WHERE id = $1', [id]);
}

/**
 * Scopes a webhook's transaction to the item's owner: the Plaid item id (from a verified
 * webhook) opens that one row, which names the user; the capability is withdrawn again.
 */
export async function itemByPlaidId(tx: Tx, plaidItemId: string): Promise<PlaidItem | undefined> {
  await tx.query(`SELECT set_config('app.plaid_item_id', $1, true)`, [plaidItemId]);
  const { rows } = await tx.query(
    `SELECT ${ITEM_COLUMNS} FROM plaid_items WHERE plaid_item_id = $1`,
    [plaidItemId],
  );
  await tx.query(`SELECT set_config('app.plaid_item_id', '', true)`);
  if (rows[0] === undefined) return undefined;
  const item = toItem(rows[0]);
  await tx.setUser(item.userId);
  return item;
}
