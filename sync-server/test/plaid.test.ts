import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyRingSchema } from '../src/config/keyRing';
import { createPlaidApi } from '../src/plaid/plaidClient';
import { rotatePlaidTokens } from '../src/plaid/rotateTokens';
import { unlinkAllItems } from '../src/plaid/service';
import type { SyncResponse } from '../src/plaid/wire';
import { bearer, signIn, uniqueEmail, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import {
  buildCloudTestApp,
  injectPlaidWebhook,
  injectStripeEvent,
  subscribe,
  type CloudTestApp,
} from './fakes/_cloudApp';
import { plaidTransaction } from './fakes/fakePlaid';

/*
 * The Plaid relay end to end with the real `plaid` SDK against the fake: Hosted Link,
 * exchange, a three-page sync with a restart, balances, key rotation, unlink, and the
 * promise that the access token never appears in plaintext anywhere we control.
 */

for (const kind of testDrivers()) {
  describe(`plaid relay (${kind})`, () => {
    let tdb: TestDatabase;
    let t: CloudTestApp;
    const responses: string[] = [];
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildCloudTestApp(tdb.db);
    });
    afterAll(async () => {
      await t.close();
      await tdb.close();
    });

    const call = async (
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      user: Tokens,
      payload?: Record<string, unknown>,
    ) => {
      const response = await t.app.inject({
        method,
        url,
        headers: bearer(user.accessToken),
        ...(payload === undefined ? {} : { payload }),
      });
      responses.push(response.body);
      return response;
    };

    /** Everything the database holds, every table, as the owner (behind RLS). */
    const dumpDatabase = () =>
      tdb.db.__dangerouslyAsOwner(async (client) => {
        const tables = await client.query<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
        );
        let text = '';
        for (const { tablename } of tables.rows) {
          const { rows } = await client.query(`SELECT * FROM "${tablename}"`);
          text += JSON.stringify(rows);
        }
        return text;
      });

    /** Links one bank through Hosted Link (webhook path) and returns our item id. */
    const linkBank = async (user: Tokens) => {
      const started = await call('POST', '/v1/plaid/link-token', user, {});
      expect(started.statusCode).toBe(200);
      const { linkToken, hostedLinkUrl } = started.json<{
        linkToken: string;
        hostedLinkUrl: string;
      }>();
      expect(hostedLinkUrl).toContain(t.plaid.url);
      const pending = await call('POST', '/v1/plaid/exchange', user, { linkToken });
      expect(pending.json()).toEqual({ status: 'pending' });
      const { item, webhook } = t.plaid.completeHostedLink(linkToken);
      expect((await injectPlaidWebhook(t, webhook)).statusCode).toBe(200);
      const done = await call('POST', '/v1/plaid/exchange', user, { linkToken });
      expect(done.statusCode).toBe(200);
      const body = done.json<{
        status: string;
        items: { id: string; institutionName: string }[];
      }>();
      expect(body.status).toBe('linked');
      expect(body.items).toHaveLength(1);
      if (item === undefined) throw new Error('fake made no item');
      return { itemId: body.items[0]?.id ?? '', fakeItem: item, linkToken };
    };

    it('links, syncs three pages with a restart, and relays them exactly', async () => {
      const { user } = await subscribe(t);
      const { itemId, fakeItem, linkToken } = await linkBank(user);

      // Only the transactions product, Hosted Link, and our webhook were asked for.
      const created = t.plaid.callsTo('/link/token/create').at(-1);
      expect(created?.products).toEqual(['transactions']);
      expect(created?.hosted_link).toEqual({});
      expect(created?.webhook).toBe('http://127.0.0.1:8787/webhooks/plaid');
      expect(created?.user).toEqual({ client_user_id: user.userId });
      // A used link session cannot be exchanged twice.
      expect((await call('POST', '/v1/plaid/exchange', user, { linkToken })).statusCode).toBe(409);

      const chk = fakeItem.accounts[0]?.account_id ?? '';
      const cc = fakeItem.accounts[1]?.account_id ?? '';
      const coffeePending = plaidTransaction({
        transaction_id: 'tx-coffee-pending',
        account_id: cc,
        amount: 4.5,
        name: 'BLUE BOTTLE #12',
        merchant_name: 'Blue Bottle Coffee',
        pending: true,
        personal_finance_category: {
          primary: 'FOOD_AND_DRINK',
          detailed: 'FOOD_AND_DRINK_COFFEE',
          confidence_level: 'VERY_HIGH',
        },
      });
      const groceries = plaidTransaction({
        transaction_id: 'tx-groceries',
        account_id: chk,
        amount: 82.15,
        name: 'WHOLE FOODS',
      });
      const payroll = plaidTransaction({
        transaction_id: 'tx-payroll',
        account_id: chk,
        amount: -2500,
        name: 'ACME PAYROLL',
      });
      const coffeePosted = plaidTransaction({
        ...coffeePending,
        transaction_id: 'tx-coffee-posted',
        amount: 5.4,
        pending: false,
        pending_transaction_id: 'tx-coffee-pending',
      });
      const groceriesFixed = { ...groceries, amount: 80.15 };
      const refund = plaidTransaction({
        transaction_id: 'tx-refund',
        account_id: cc,
        amount: -19.99,
        name: 'REFUND',
      });
      t.plaid.setPages(fakeItem.itemId, [
        { added: [coffeePending, groceries, payroll] },
        {
          added: [coffeePosted],
          modified: [groceriesFixed],
          removed: [{ transaction_id: 'tx-coffee-pending', account_id: cc }],
        },
        { added: [refund], removed: [{ transaction_id: 'tx-payroll', account_id: chk }] },
      ]);
      // The data changes while the second page is fetched: the run must start over.
      t.plaid.failNext('/transactions/sync', 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION', {
        skip: 1,
      });
      const before = t.plaid.callsTo('/transactions/sync').length;

      const synced = await call('POST', `/v1/plaid/items/${itemId}/sync`, user, {});
      expect(synced.statusCode).toBe(200);
      const run = synced.json<SyncResponse>();
      expect(run.added.map((x) => x.transactionId)).toEqual([
        'tx-coffee-pending',
        'tx-groceries',
        'tx-payroll',
        'tx-coffee-posted',
        'tx-refund',
      ]);
      expect(run.modified).toEqual([
        expect.objectContaining({ transactionId: 'tx-groceries', plaidAmount: 80.15 }),
      ]);
      expect(run.removed).toEqual([
        { transactionId: 'tx-coffee-pending', accountId: cc },
        { transactionId: 'tx-payroll', accountId: chk },
      ]);
      expect(run.added[3]).toMatchObject({
        pending: false,
        pendingTransactionId: 'tx-coffee-pending',
        plaidAmount: 5.4,
        merchantName: 'Blue Bottle Coffee',
        personalFinanceCategory: { primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_COFFEE' },
      });
      expect(run.added[2]?.plaidAmount).toBe(-2500);
      expect(run).toMatchObject({ pages: 3, restarts: 1, hasMore: false });
      expect(run.nextCursor).toBe(`c3-${fakeItem.itemId}`);
      expect(run.accounts.map((a) => [a.accountId, a.balances.current])).toEqual([
        [chk, 110.94],
        [cc, 410.5],
      ]);
      // 1 good page + the failed one, then three from the first cursor again.
      const syncCalls = t.plaid.callsTo('/transactions/sync').slice(before);
      expect(syncCalls).toHaveLength(5);
      expect(syncCalls[2]?.cursor).toBeUndefined();
      expect(t.plaid.callsTo('/accounts/balance/get').length).toBeGreaterThan(0);

      // Synced again from the stored cursor: nothing new.
      const again = (
        await call('POST', `/v1/plaid/items/${itemId}/sync`, user, { cursor: run.nextCursor })
      ).json<SyncResponse>();
      expect(again).toMatchObject({
        added: [],
        modified: [],
        removed: [],
        nextCursor: run.nextCursor,
        pages: 1,
      });
      expect(again.item.lastSyncedAt).not.toBeNull();

      // The access token: never in a response, the log, or the database in plaintext.
      const token = fakeItem.accessToken;
      expect(responses.join('\n')).not.toContain(token);
      expect(t.log.text).not.toContain(token);
      expect(await dumpDatabase()).not.toContain(token);
      expect(await dumpDatabase()).not.toContain(token.slice(-12));
    });

    it('another user cannot see, sync or unlink an item', async () => {
      const { user } = await subscribe(t);
      const { itemId } = await linkBank(user);
      const { user: other } = await subscribe(t);
      expect((await call('GET', '/v1/plaid/items', other)).json()).toEqual({ items: [] });
      expect((await call('POST', `/v1/plaid/items/${itemId}/sync`, other, {})).statusCode).toBe(
        404,
      );
      expect((await call('DELETE', `/v1/plaid/items/${itemId}`, other)).statusCode).toBe(404);
      expect(
        (await call('GET', '/v1/plaid/items', user)).json<{ items: unknown[] }>().items,
      ).toHaveLength(1);
    });

    it('rotation re-seals every token under the newest key; the old key can then go', async () => {
      const email = uniqueEmail();
      const { user } = await subscribe(t, await signIn(t, email));
      const { itemId, fakeItem } = await linkBank(user);
      t.plaid.setPages(fakeItem.itemId, [
        {
          added: [
            plaidTransaction({
              transaction_id: 'tx-r1',
              account_id: fakeItem.accounts[0]?.account_id ?? '',
              amount: 1,
            }),
          ],
        },
      ]);

      const oldRing = t.config.keyRing;
      const fresh = `k${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64url')}`;
      const newOnly = KeyRingSchema.parse(fresh);
      const both = { keys: [...newOnly.keys, ...oldRing.keys] };
      const result = await rotatePlaidTokens(tdb.db, both);
      expect(result.failed).toEqual([]);
      expect(result.rotated).toBeGreaterThanOrEqual(1);
      const keyIds = await tdb.db.__dangerouslyAsOwner(
        async (c) =>
          (await c.query<{ token_key_id: string }>('SELECT DISTINCT token_key_id FROM plaid_items'))
            .rows,
      );
      expect(keyIds).toEqual([{ token_key_id: newOnly.keys[0]?.id }]);
      // Running it again has nothing left to do.
      expect(await rotatePlaidTokens(tdb.db, both)).toMatchObject({ rotated: 0 });

      // A server whose ring no longer holds the old key still uses every token.
      const t2 = await buildCloudTestApp(tdb.db, {
        reuse: { plaid: t.plaid, stripe: t.stripe },
        tweak: (config) => {
          config.keyRing = newOnly;
        },
      });
      try {
        const again = await signIn(t2, email);
        const synced = await t2.app.inject({
          method: 'POST',
          url: `/v1/plaid/items/${itemId}/sync`,
          headers: bearer(again.accessToken),
          payload: {},
        });
        expect(synced.statusCode).toBe(200);
        expect(synced.json<SyncResponse>().added.map((x) => x.transactionId)).toEqual(['tx-r1']);
      } finally {
        await t2.close();
      }
    });

    it('unlink calls /item/remove, then erases the row and its token', async () => {
      const { user } = await subscribe(t);
      const { itemId, fakeItem } = await linkBank(user);
      const removed = await call('DELETE', `/v1/plaid/items/${itemId}`, user);
      expect(removed.statusCode).toBe(200);
      expect(t.plaid.callsTo('/item/remove').at(-1)?.access_token).toBe(fakeItem.accessToken);
      expect(fakeItem.removed).toBe(true);
      const rows = await tdb.db.__dangerouslyAsOwner(
        async (c) =>
          (await c.query('SELECT 1 FROM plaid_items WHERE id = $1', [itemId])).rows.length,
      );
      expect(rows).toBe(0);
      expect((await call('GET', '/v1/plaid/items', user)).json()).toEqual({ items: [] });
      expect((await call('DELETE', `/v1/plaid/items/${itemId}`, user)).statusCode).toBe(404);
    });

    it('account deletion removes every item of the user at Plaid and erases them', async () => {
      const { user } = await subscribe(t);
      const first = await linkBank(user);
      const second = await linkBank(user);
      const settings = t.config.plaid;
      if (settings === undefined) throw new Error('plaid not configured');
      const removed = await unlinkAllItems(
        {
          db: tdb.db,
          ring: t.config.keyRing,
          plaid: await createPlaidApi(settings),
          clock: t.clock.fn,
          audit: t.app.audit,
          webhookUrl: 'http://127.0.0.1:8787/webhooks/plaid',
        },
        user.userId,
      );
      expect(removed).toBe(2);
      expect([first.fakeItem.removed, second.fakeItem.removed]).toEqual([true, true]);
      const left = await tdb.db.__dangerouslyAsOwner(
        async (c) =>
          (await c.query('SELECT 1 FROM plaid_items WHERE user_id = $1', [user.userId])).rows
            .length,
      );
      expect(left).toBe(0);
    });

    it('a failed /item/remove keeps the item so the removal can be retried', async () => {
      const { user } = await subscribe(t);
      const { itemId } = await linkBank(user);
      t.plaid.failNext('/item/remove', 'INTERNAL_SERVER_ERROR', { type: 'API_ERROR' });
      const failed = await call('DELETE', `/v1/plaid/items/${itemId}`, user);
      expect(failed.statusCode).toBe(502);
      expect(failed.json()).toMatchObject({ error: { code: 'plaid_error' } });
      expect(
        (await call('GET', '/v1/plaid/items', user)).json<{ items: unknown[] }>().items,
      ).toHaveLength(1);
      expect((await call('DELETE', `/v1/plaid/items/${itemId}`, user)).statusCode).toBe(200);
    });

    it('ITEM_LOGIN_REQUIRED during a sync flags the item for reconnecting; update mode clears it', async () => {
      const { user } = await subscribe(t);
      const { itemId } = await linkBank(user);
      t.plaid.failNext('/transactions/sync', 'ITEM_LOGIN_REQUIRED', { type: 'ITEM_ERROR' });
      const failed = await call('POST', `/v1/plaid/items/${itemId}/sync`, user, {});
      expect(failed.statusCode).toBe(409);
      expect(failed.json()).toMatchObject({ error: { code: 'bank_reconnect_required' } });
      const listed = (await call('GET', '/v1/plaid/items', user)).json<{
        items: { status: string; statusReason: string }[];
      }>();
      expect(listed.items[0]).toMatchObject({
        status: 'reconnect',
        statusReason: 'ITEM_LOGIN_REQUIRED',
      });

      const update = await call('POST', '/v1/plaid/link-token', user, { itemId });
      const { linkToken } = update.json<{ linkToken: string }>();
      expect(t.plaid.callsTo('/link/token/create').at(-1)?.products).toBeUndefined();
      t.plaid.completeHostedLink(linkToken);
      const done = await call('POST', '/v1/plaid/exchange', user, { linkToken });
      expect(done.json()).toMatchObject({
        status: 'reconnected',
        item: { id: itemId, status: 'ok' },
      });
    });

    it('completes through /link/token/get when no webhook arrives, and reports an exit', async () => {
      const { user } = await subscribe(t);
      const first = (await call('POST', '/v1/plaid/link-token', user, {})).json<{
        linkToken: string;
      }>();
      t.plaid.completeHostedLink(first.linkToken);
      const done = await call('POST', '/v1/plaid/exchange', user, { linkToken: first.linkToken });
      expect(done.json()).toMatchObject({
        status: 'linked',
        items: [{ institutionName: 'First Platypus Bank' }],
      });

      const second = (await call('POST', '/v1/plaid/link-token', user, {})).json<{
        linkToken: string;
      }>();
      t.plaid.completeHostedLink(second.linkToken, { exit: true });
      expect(
        (await call('POST', '/v1/plaid/exchange', user, { linkToken: second.linkToken })).json(),
      ).toEqual({ status: 'exited' });
    });

    it('a lapsed subscription refuses linking and syncing with a clear message; listing and unlinking still work', async () => {
      const { user, subscriptionId } = await subscribe(t);
      const { itemId } = await linkBank(user);
      expect(
        (await injectStripeEvent(t, t.stripe.setStatus(subscriptionId, 'canceled'))).statusCode,
      ).toBe(200);

      const refused = await call('POST', `/v1/plaid/items/${itemId}/sync`, user, {});
      expect(refused.statusCode).toBe(402);
      expect(refused.json()).toMatchObject({ error: { code: 'subscription_lapsed' } });
      expect(refused.json<{ error: { message: string } }>().error.message).toContain(
        'casike cloud subscribe',
      );
      expect((await call('POST', '/v1/plaid/link-token', user, {})).statusCode).toBe(402);
      expect((await call('GET', '/v1/plaid/items', user)).statusCode).toBe(200);
      expect((await call('DELETE', `/v1/plaid/items/${itemId}`, user)).statusCode).toBe(200);

      const never = await signIn(t);
      const none = await call('POST', '/v1/plaid/link-token', never, {});
      expect(none.statusCode).toBe(402);
      expect(none.json()).toMatchObject({ error: { code: 'subscription_required' } });
    });
  });
}
