import type { PlaidApi } from 'plaid';
import type { KeyRing } from '../config/keyRing';
import type { Tx } from '../db/database';
import { deleteItem, itemAccessToken, listItems } from './items';
import { plaidErrorCode, plaidFailure } from './plaidClient';

/*
 * Account rights for Plaid, shaped for the account hooks (export section and deletion hook):
 * both run inside the caller's transaction, already scoped to the user.
 */

/** Plaid codes meaning the item is already gone at Plaid. */
export const ALREADY_REMOVED = new Set(['ITEM_NOT_FOUND', 'INVALID_ACCESS_TOKEN']);

/**
 * Account deletion: every item is removed at Plaid (/item/remove) and erased with its
 * token. A Plaid failure throws, which aborts the deletion so it can be retried rather
 * than leave a bank connection we could no longer revoke.
 */
export async function removeAllPlaidItems(
  tx: Tx,
  ring: KeyRing,
  plaid: PlaidApi | undefined,
): Promise<number> {
  const items = await listItems(tx);
  if (items.length > 0 && plaid === undefined)
    throw new Error('Plaid is not configured, so linked items cannot be removed');
  for (const item of items) {
    const accessToken = await itemAccessToken(tx, ring, item);
    try {
      await plaid?.itemRemove({ access_token: accessToken });
    } catch (error) {
      const code = plaidErrorCode(error);
      if (code === undefined || !ALREADY_REMOVED.has(code)) throw plaidFailure(error);
    }
    await deleteItem(tx, item.id);
  }
  return items.length;
}

/** Account export: which banks are linked and their state; never tokens or Plaid ids. */
export async function exportPlaidItems(tx: Tx): Promise<unknown> {
  const items = await listItems(tx);
  return items.map((i) => ({
    id: i.id,
    institutionName: i.institutionName,
    status: i.status,
    createdAt: i.createdAt.toISOString(),
    lastSyncedAt: i.lastSyncedAt?.toISOString() ?? null,
  }));
}
