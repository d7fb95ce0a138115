import { randomUUID } from 'node:crypto';
import type { PlaidApi } from 'plaid';
import { z } from 'zod';
import type { AuditEntry } from '../audit/auditLog';
import type { KeyRing } from '../config/keyRing';
import type { Database } from '../db/database';
import type { Queryable } from '../db/types';
import { ApiError } from '../http/errors';
import {
  deleteItem,
  getItem,
  insertItem,
  itemAccessToken,
  listItems,
  markSynced,
  setItemStatus,
  type PlaidItem,
} from './items';
import { createLinkToken, readLinkOutcome, updateModeSucceeded } from './linkFlow';
import {
  getLinkSession,
  insertLinkSession,
  linkTokenHash,
  setLinkSessionStatus,
} from './linkSessions';
import { RECONNECT_CODES, plaidErrorCode, plaidFailure } from './plaidClient';
import { fetchBalances, relayTransactionsSync, SyncRestartLimitError } from './transactionsSync';
import type { ItemWire, SyncResponse } from './wire';
import { ALREADY_REMOVED, removeAllPlaidItems } from './accountRights';

/*
 * The Plaid relay's use cases, one function each, called by the thin routes in
 * routes/plaid. Plaid calls never run inside a database transaction (a slow bank must not
 * hold a connection); each step's database work is its own short transaction.
 */

export interface PlaidDeps {
  db: Database;
  ring: KeyRing;
  plaid: PlaidApi;
  clock: () => Date;
  audit: (q: Queryable, entry: AuditEntry) => Promise<void>;
  webhookUrl: string;
}

export function itemWire(item: PlaidItem): ItemWire {
  return {
    id: item.id,
    institutionId: item.institutionId,
    institutionName: item.institutionName,
    status: item.status,
    statusReason: item.statusReason,
    updatesAvailable: item.updatesAvailable,
    createdAt: item.createdAt.toISOString(),
    lastSyncedAt: item.lastSyncedAt?.toISOString() ?? null,
  };
}

const notFound = () => new ApiError(404, 'item_not_found', 'No linked bank with that id.');

async function loadWithToken(
  deps: PlaidDeps,
  userId: string,
  itemId: string,
): Promise<{ item: PlaidItem; accessToken: string }> {
  return deps.db.transaction(
    async (tx) => {
      const item = await getItem(tx, itemId);
      if (item === undefined) throw notFound();
      return { item, accessToken: await itemAccessToken(tx, deps.ring, item) };
    },
    { userId },
  );
}

/** A Plaid error that means "sign in to your bank again" flags the item before answering. */
async function failPlaidCall(
  deps: PlaidDeps,
  userId: string,
  itemId: string,
  error: unknown,
): Promise<never> {
  const code = plaidErrorCode(error);
  if (code !== undefined && RECONNECT_CODES.has(code)) {
    await deps.db.transaction((tx) => setItemStatus(tx, itemId, 'reconnect', code), { userId });
  }
  throw plaidFailure(error);
}

export async function startLink(deps: PlaidDeps, userId: string, itemId: string | undefined) {
  const now = deps.clock();
  let accessToken: string | undefined;
  if (itemId !== undefined) accessToken = (await loadWithToken(deps, userId, itemId)).accessToken;
  let created;
  try {
    created = await createLinkToken(deps.plaid, {
      userId,
      webhookUrl: deps.webhookUrl,
      ...(accessToken === undefined ? {} : { accessToken }),
    });
  } catch (error) {
    throw plaidFailure(error);
  }
  const linkSessionId = randomUUID();
  await deps.db.transaction(
    async (tx) => {
      await insertLinkSession(
        tx,
        {
          id: linkSessionId,
          userId,
          itemId: itemId ?? null,
          createdAt: now,
          expiresAt: created.expiration,
        },
        created.linkToken,
      );
      await deps.audit(tx, {
        event: 'plaid.link_started',
        userId,
        details: { linkSessionId, itemId: itemId ?? null },
      });
    },
    { userId },
  );
  return {
    linkSessionId,
    linkToken: created.linkToken,
    hostedLinkUrl: created.hostedLinkUrl,
    expiresAt: created.expiration.toISOString(),
  };
}

const SessionIdRow = z.object({ id: z.string() });

/** Completes a Hosted Link session: exchanges its public tokens and stores the items. */
export async function exchange(deps: PlaidDeps, userId: string, linkToken: string) {
  const session = await deps.db.transaction(
    async (tx) => {
      const { rows } = await tx.query(
        'SELECT id FROM plaid_link_sessions WHERE link_token_hash = $1',
        [linkTokenHash(linkToken)],
      );
      const row = rows[0] === undefined ? undefined : SessionIdRow.parse(rows[0]);
      return row === undefined ? undefined : getLinkSession(tx, row.id);
    },
    { userId },
  );
  if (session === undefined)
    throw new ApiError(404, 'link_not_found', 'No bank-linking session with that token.');
  if (session.status === 'exchanged')
    throw new ApiError(
      409,
      'link_already_used',
      'This bank-linking session has already completed.',
    );
  if (session.status === 'exited') return { status: 'exited' as const };

  let outcome;
  try {
    outcome =
      session.itemId === null
        ? await readLinkOutcome(deps.plaid, linkToken)
        : await updateModeSucceeded(deps.plaid, linkToken);
  } catch (error) {
    throw plaidFailure(error);
  }
  if (outcome.state !== 'success') {
    if (outcome.state === 'pending' && deps.clock() > session.expiresAt)
      throw new ApiError(410, 'link_expired', 'The bank-linking session expired. Start again.');
    if (outcome.state === 'exited')
      await deps.db.transaction(
        async (tx) => {
          await setLinkSessionStatus(tx, session.id, 'exited');
          await deps.audit(tx, {
            event: 'plaid.link_exited',
            userId,
            details: { linkSessionId: session.id },
          });
        },
        { userId },
      );
    return { status: outcome.state };
  }

  if (session.itemId !== null) {
    const itemId = session.itemId;
    const item = await deps.db.transaction(
      async (tx) => {
        await setItemStatus(tx, itemId, 'ok', null);
        await setLinkSessionStatus(tx, session.id, 'exchanged');
        await deps.audit(tx, { event: 'plaid.item_reconnected', userId, details: { itemId } });
        return getItem(tx, itemId);
      },
      { userId },
    );
    if (item === undefined) throw notFound();
    return { status: 'reconnected' as const, item: itemWire(item) };
  }

  const items: ItemWire[] = [];
  for (const result of outcome.results) {
    let exchanged;
    try {
      const response = await deps.plaid.itemPublicTokenExchange({
        public_token: result.publicToken,
      });
      exchanged = z.object({ access_token: z.string(), item_id: z.string() }).parse(response.data);
    } catch (error) {
      throw plaidFailure(error);
    }
    const item = await deps.db.transaction(
      async (tx) => {
        const stored = await insertItem(tx, deps.ring, {
          id: randomUUID(),
          userId,
          plaidItemId: exchanged.item_id,
          institutionId: result.institutionId,
          institutionName: result.institutionName,
          accessToken: exchanged.access_token,
          now: deps.clock(),
        });
        await deps.audit(tx, {
          event: 'plaid.item_linked',
          userId,
          details: { itemId: stored.id, institutionId: result.institutionId },
        });
        return stored;
      },
      { userId },
    );
    items.push(itemWire(item));
  }
  await deps.db.transaction((tx) => setLinkSessionStatus(tx, session.id, 'exchanged'), { userId });
  return { status: 'linked' as const, items };
}

export async function listUserItems(deps: PlaidDeps, userId: string): Promise<ItemWire[]> {
  const items = await deps.db.transaction((tx) => listItems(tx), { userId });
  return items.map(itemWire);
}

export async function syncItem(
  deps: PlaidDeps,
  userId: string,
  itemId: string,
  cursor: string | undefined,
): Promise<SyncResponse> {
  const { accessToken } = await loadWithToken(deps, userId, itemId);
  let run;
  let accounts;
  try {
    run = await relayTransactionsSync(deps.plaid, accessToken, cursor);
    accounts = await fetchBalances(deps.plaid, accessToken);
  } catch (error) {
    if (error instanceof SyncRestartLimitError)
      throw new ApiError(
        503,
        'sync_busy',
        'The bank kept changing the data mid-sync. Try again in a minute.',
      );
    // A cursor Plaid never issued is the caller's mistake (or probing), not Plaid failing.
    if (cursor !== undefined && plaidErrorCode(error) === 'INVALID_FIELD')
      throw new ApiError(
        400,
        'invalid_cursor',
        'This sync cursor was not issued for this bank connection. Sync again without one.',
      );
    return failPlaidCall(deps, userId, itemId, error);
  }
  const item = await deps.db.transaction(
    async (tx) => {
      if (!run.hasMore) await markSynced(tx, itemId, deps.clock());
      // Counts only: what was relayed is the user's data, and it is not ours to keep.
      await deps.audit(tx, {
        event: 'plaid.item_synced',
        userId,
        details: {
          itemId,
          added: run.added.length,
          modified: run.modified.length,
          removed: run.removed.length,
          pages: run.pages,
          complete: !run.hasMore,
        },
      });
      return getItem(tx, itemId);
    },
    { userId },
  );
  if (item === undefined) throw notFound();
  return { item: itemWire(item), ...run, accounts };
}

/** Removes the item at Plaid (/item/remove), then erases our row and its token. */
export async function unlinkItem(deps: PlaidDeps, userId: string, itemId: string): Promise<void> {
  const { item, accessToken } = await loadWithToken(deps, userId, itemId);
  try {
    await deps.plaid.itemRemove({ access_token: accessToken });
  } catch (error) {
    const code = plaidErrorCode(error);
    // Anything else keeps the row, so the removal can be retried rather than leaving a
    // live connection at Plaid that we could no longer revoke.
    if (code === undefined || !ALREADY_REMOVED.has(code)) throw plaidFailure(error);
  }
  await deps.db.transaction(
    async (tx) => {
      await deleteItem(tx, item.id);
      await deps.audit(tx, { event: 'plaid.item_removed', userId, details: { itemId: item.id } });
    },
    { userId },
  );
}

/** Account deletion outside the account hooks: every item removed at Plaid and erased. */
export async function unlinkAllItems(deps: PlaidDeps, userId: string): Promise<number> {
  return deps.db.transaction((tx) => removeAllPlaidItems(tx, deps.ring, deps.plaid), { userId });
}
