import type { z } from 'zod';
import { authorizedClient, CloudError } from '../cloud';
import type { UnlockedVault } from '../vault';
import {
  BillingUrlSchema,
  DeletedSchema,
  ExchangeSchema,
  ItemsSchema,
  LinkTokenSchema,
  SubscriptionSchema,
  SyncResponseSchema,
  type BankItem,
  type ExchangeResult,
  type Subscription,
} from './bankWire';
import { mergeSync, type MergeCounts } from './bankMerge';

/*
 * Bank linking and sync through the sync server's /v1/plaid routes (the server holds the
 * Plaid secret and the access tokens). Every call goes through the signed-in cloud client;
 * a network failure becomes one clear "will sync when online" error and leaves the vault
 * untouched, because nothing is written before the whole answer has arrived and parsed.
 */

async function call<S extends z.ZodType>(
  vault: UnlockedVault,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.output<S>> {
  const client = authorizedClient(vault);
  try {
    return await client.call((token) =>
      client.http.json(method, path, schema, body === undefined ? { token } : { token, body }),
    );
  } catch (error) {
    if (error instanceof CloudError && error.failure === 'unreachable')
      throw new CloudError(
        'unreachable',
        `${error.message}: bank data will sync when you are online (nothing was changed)`,
      );
    throw error;
  }
}

export interface LinkStart {
  hostedLinkUrl: string;
  linkToken: string;
  expiresAt: string;
}

/** Starts Hosted Link (or update mode for `itemId`): open the URL in the system browser. */
export async function startBankLink(vault: UnlockedVault, itemId?: string): Promise<LinkStart> {
  const answer = await call(
    vault,
    'POST',
    '/v1/plaid/link-token',
    LinkTokenSchema,
    itemId === undefined ? {} : { itemId },
  );
  return {
    hostedLinkUrl: answer.hostedLinkUrl,
    linkToken: answer.linkToken,
    expiresAt: answer.expiresAt,
  };
}

/** One exchange attempt: `pending` until the user finishes in the browser. */
export async function exchangeBankLink(
  vault: UnlockedVault,
  linkToken: string,
): Promise<ExchangeResult> {
  const result = await call(vault, 'POST', '/v1/plaid/exchange', ExchangeSchema, { linkToken });
  if (result.status === 'linked' || result.status === 'reconnected') {
    const items = result.status === 'linked' ? result.items : [result.item];
    const upsert = vault.db.prepare(
      `INSERT INTO bank_items (item_id, institution_name, linked_at) VALUES (?, ?, ?)
       ON CONFLICT (item_id) DO UPDATE SET institution_name = excluded.institution_name`,
    );
    vault.db.transaction(() => {
      for (const item of items) upsert.run(item.id, item.institutionName, item.createdAt);
    })();
    // Our server's item ids (random UUIDs), never Plaid's ids or the bank's account numbers.
    vault.audit('bank.linked', {
      items: items.length,
      itemIds: items.map((item) => item.id).join(','),
      reconnected: result.status === 'reconnected',
    });
  }
  return result;
}

export interface WaitOptions {
  intervalMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Polls exchange until the session ends (linked, reconnected or exited) or times out. */
export async function waitForBankLink(
  vault: UnlockedVault,
  linkToken: string,
  options: WaitOptions = {},
): Promise<Exclude<ExchangeResult, { status: 'pending' }>> {
  const interval = options.intervalMs ?? 2000;
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  for (;;) {
    const result = await exchangeBankLink(vault, linkToken);
    if (result.status !== 'pending') return result;
    if (Date.now() > deadline)
      throw new CloudError('rejected', 'the bank link was not finished in time; link again');
    await sleep(interval);
  }
}

export interface LocalBankItem extends BankItem {
  /** Vault accounts fed by this item. */
  accounts: { accountId: string; name: string; balanceCurrent: number | null }[];
}

export async function listBankItems(vault: UnlockedVault): Promise<LocalBankItem[]> {
  const { items } = await call(vault, 'GET', '/v1/plaid/items', ItemsSchema);
  const accounts = vault.db.prepare(
    `SELECT b.account_id AS accountId, a.name, b.balance_current AS balanceCurrent
     FROM bank_accounts b JOIN accounts a ON a.id = b.account_id WHERE b.item_id = ? ORDER BY a.name`,
  );
  return items.map((item) => ({
    ...item,
    accounts: accounts.all(item.id) as LocalBankItem['accounts'],
  }));
}

export interface ItemSyncResult extends MergeCounts {
  itemId: string;
  institutionName: string | null;
}

/** Syncs every linked item (or one), each applied whole with its cursor. */
export async function syncBanks(vault: UnlockedVault, itemId?: string): Promise<ItemSyncResult[]> {
  const { items } = await call(vault, 'GET', '/v1/plaid/items', ItemsSchema);
  const chosen = itemId === undefined ? items : items.filter((item) => item.id === itemId);
  if (itemId !== undefined && chosen.length === 0)
    throw new CloudError('rejected', `no linked bank with id ${itemId}`);
  const results: ItemSyncResult[] = [];
  const cursorOf = vault.db.prepare('SELECT cursor FROM bank_items WHERE item_id = ?');
  for (const item of chosen) {
    const total: ItemSyncResult = {
      itemId: item.id,
      institutionName: item.institutionName,
      added: 0,
      modified: 0,
      removed: 0,
      pendingReplaced: 0,
      accountsCreated: 0,
    };
    // hasMore: the server cut a huge backlog; each run is merged (with its cursor) on its own.
    for (let runs = 0; runs < 100; runs += 1) {
      const row = cursorOf.get(item.id) as { cursor: string | null } | undefined;
      const cursor = row?.cursor ?? null;
      const answer = await call(
        vault,
        'POST',
        `/v1/plaid/items/${encodeURIComponent(item.id)}/sync`,
        SyncResponseSchema,
        cursor === null ? {} : { cursor },
      );
      const counts = mergeSync(vault.db, answer);
      for (const key of [
        'added',
        'modified',
        'removed',
        'pendingReplaced',
        'accountsCreated',
      ] as const)
        total[key] += counts[key];
      if (!answer.hasMore) break;
    }
    vault.audit('bank.synced', {
      itemId: item.id,
      added: total.added,
      modified: total.modified,
      removed: total.removed,
    });
    results.push(total);
  }
  return results;
}

/**
 * Unlinks an item at the server (which calls Plaid's /item/remove) and forgets its cursor.
 * The vault accounts and their transactions stay: they are the user's records.
 */
export async function unlinkBank(vault: UnlockedVault, itemId: string): Promise<void> {
  await call(vault, 'DELETE', `/v1/plaid/items/${encodeURIComponent(itemId)}`, DeletedSchema);
  vault.db.prepare('DELETE FROM bank_items WHERE item_id = ?').run(itemId);
  vault.audit('bank.unlinked', { itemId });
}

export async function checkoutUrl(vault: UnlockedVault): Promise<string> {
  return (await call(vault, 'POST', '/v1/billing/checkout', BillingUrlSchema, {})).url;
}

export async function billingPortalUrl(vault: UnlockedVault): Promise<string> {
  return (await call(vault, 'POST', '/v1/billing/portal', BillingUrlSchema, {})).url;
}

export async function subscriptionStatus(vault: UnlockedVault): Promise<Subscription> {
  return call(vault, 'GET', '/v1/billing/subscription', SubscriptionSchema);
}
