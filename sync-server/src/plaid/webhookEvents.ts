import { z } from 'zod';
import type { Database, Tx } from '../db/database';
import { itemByPlaidId, setItemStatus, setUpdatesAvailable } from './items';
import { linkSessionByToken, setLinkSessionStatus } from './linkSessions';

/*
 * What a verified Plaid webhook does. Only state flags change; the client pulls the data:
 *   TRANSACTIONS/SYNC_UPDATES_AVAILABLE  -> the item has updates (the app syncs it)
 *   ITEM/ERROR (login required), ITEM/PENDING_EXPIRATION, ITEM/PENDING_DISCONNECT,
 *   ITEM/USER_PERMISSION_REVOKED         -> "reconnect your bank" (update-mode Link)
 *   ITEM/LOGIN_REPAIRED                  -> back to ok
 *   LINK/SESSION_FINISHED                -> the Hosted Link session finished or was exited
 * Unknown webhooks are acknowledged and ignored, as Plaid recommends.
 */

const Body = z.object({
  webhook_type: z.string(),
  webhook_code: z.string(),
  item_id: z.string().max(200).nullish(),
  link_token: z.string().max(500).nullish(),
  status: z.string().nullish(),
  error: z.object({ error_code: z.string() }).nullish(),
});

export type PlaidWebhookOutcome = 'applied' | 'ignored' | 'unknown_item' | 'malformed';

const RECONNECT_CODES: Readonly<Record<string, string>> = {
  PENDING_EXPIRATION: 'PENDING_EXPIRATION',
  PENDING_DISCONNECT: 'PENDING_DISCONNECT',
  USER_PERMISSION_REVOKED: 'USER_PERMISSION_REVOKED',
};

export async function handlePlaidWebhook(
  db: Database,
  body: unknown,
): Promise<PlaidWebhookOutcome> {
  const parsed = Body.safeParse(body);
  if (!parsed.success) return 'malformed';
  const w = parsed.data;
  const kind = `${w.webhook_type}/${w.webhook_code}`;

  if (kind === 'LINK/SESSION_FINISHED') {
    const linkToken = w.link_token;
    if (linkToken == null) return 'malformed';
    return db.transaction(async (tx) => {
      const session = await linkSessionByToken(tx, linkToken);
      if (session === undefined) return 'unknown_item';
      if (session.status === 'pending') {
        const success = (w.status ?? '').toUpperCase() === 'SUCCESS';
        await setLinkSessionStatus(tx, session.id, success ? 'finished' : 'exited');
      }
      return 'applied';
    });
  }

  let change: ((itemId: string, tx: Tx) => Promise<void>) | undefined;
  if (kind === 'TRANSACTIONS/SYNC_UPDATES_AVAILABLE') {
    change = (id, tx) => setUpdatesAvailable(tx, id);
  } else if (kind === 'ITEM/ERROR' && w.error?.error_code === 'ITEM_LOGIN_REQUIRED') {
    change = (id, tx) => setItemStatus(tx, id, 'reconnect', 'ITEM_LOGIN_REQUIRED');
  } else if (w.webhook_type === 'ITEM' && RECONNECT_CODES[w.webhook_code] !== undefined) {
    const reason = RECONNECT_CODES[w.webhook_code] ?? w.webhook_code;
    change = (id, tx) => setItemStatus(tx, id, 'reconnect', reason);
  } else if (kind === 'ITEM/LOGIN_REPAIRED') {
    change = (id, tx) => setItemStatus(tx, id, 'ok', null);
  }
  if (change === undefined) return 'ignored';
  const plaidItemId = w.item_id;
  if (plaidItemId == null) return 'malformed';
  const apply = change;
  return db.transaction(async (tx) => {
    const item = await itemByPlaidId(tx, plaidItemId);
    if (item === undefined) return 'unknown_item';
    await apply(item.id, tx);
    return 'applied';
  });
}
