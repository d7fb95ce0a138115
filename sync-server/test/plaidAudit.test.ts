import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/auditLog';
import { KeyRingSchema } from '../src/config/keyRing';
import { rotatePlaidTokens } from '../src/plaid/rotateTokens';
import { bearer, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import {
  buildCloudTestApp,
  injectPlaidWebhook,
  subscribe,
  type CloudTestApp,
} from './fakes/_cloudApp';
import { plaidTransaction } from './fakes/fakePlaid';

/*
 * SECURITY.md P000-42, the server half: every financial operation on a bank connection
 * leaves a row in the hash-chained audit log, on the user's record: a link started, an
 * exit, a link, a reconnect, each sync (counts only), an unlink, and the re-sealing of
 * the item's access token when the key ring rotates. No row holds a token, a Plaid id,
 * an account number or anything of the transactions themselves.
 */

interface AuditRow {
  event: string;
  user_id: string | null;
  details: Record<string, unknown>;
}

for (const kind of testDrivers()) {
  describe(`bank audit rows on the server (${kind})`, () => {
    let tdb: TestDatabase;
    let t: CloudTestApp;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildCloudTestApp(tdb.db);
    });
    afterAll(async () => {
      await t.close();
      await tdb.close();
    });

    const call = (method: 'POST' | 'DELETE', url: string, user: Tokens, payload = {}) =>
      t.app.inject({ method, url, headers: bearer(user.accessToken), payload });

    const auditOf = async (userId: string): Promise<AuditRow[]> =>
      tdb.db.__dangerouslyAsOwner(async (c) => {
        const { rows } = await c.query<{ event: string; user_id: string | null; details: string }>(
          `SELECT event, user_id, details FROM audit_log
           WHERE user_id = $1 AND event LIKE 'plaid.%' ORDER BY seq`,
          [userId],
        );
        return rows.map((r) => ({
          ...r,
          details: JSON.parse(r.details) as Record<string, unknown>,
        }));
      });

    it('records link started, exit, link, sync, reconnect, unlink and token rotation', async () => {
      const { user } = await subscribe(t);

      // A link the user walks away from.
      const abandoned = await call('POST', '/v1/plaid/link-token', user);
      const abandonedToken = abandoned.json<{ linkToken: string }>().linkToken;
      t.plaid.completeHostedLink(abandonedToken, { exit: true });
      expect(
        (await call('POST', '/v1/plaid/exchange', user, { linkToken: abandonedToken })).json(),
      ).toEqual({ status: 'exited' });

      // A link that completes.
      const started = await call('POST', '/v1/plaid/link-token', user);
      const { linkToken, linkSessionId } = started.json<{
        linkToken: string;
        linkSessionId: string;
      }>();
      const { item: fakeItem, webhook } = t.plaid.completeHostedLink(linkToken);
      expect((await injectPlaidWebhook(t, webhook)).statusCode).toBe(200);
      const linked = await call('POST', '/v1/plaid/exchange', user, { linkToken });
      const itemId = linked.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
      if (fakeItem === undefined) throw new Error('fake made no item');

      // A sync with two additions and a removal.
      const account = fakeItem.accounts[0]?.account_id ?? '';
      t.plaid.setPages(fakeItem.itemId, [
        {
          added: [
            plaidTransaction({
              transaction_id: 'tx-a1',
              account_id: account,
              amount: 12.5,
              name: 'SECRET MERCHANT 4111',
            }),
            plaidTransaction({ transaction_id: 'tx-a2', account_id: account, amount: 3 }),
          ],
        },
        { removed: [{ transaction_id: 'tx-a1', account_id: account }] },
      ]);
      expect((await call('POST', `/v1/plaid/items/${itemId}/sync`, user)).statusCode).toBe(200);

      // The bank wants the user to sign in again; update mode reconnects.
      t.plaid.failNext('/transactions/sync', 'ITEM_LOGIN_REQUIRED', { type: 'ITEM_ERROR' });
      expect((await call('POST', `/v1/plaid/items/${itemId}/sync`, user)).statusCode).toBe(409);
      const update = await call('POST', '/v1/plaid/link-token', user, { itemId });
      const updateToken = update.json<{ linkToken: string }>().linkToken;
      t.plaid.completeHostedLink(updateToken);
      expect(
        (await call('POST', '/v1/plaid/exchange', user, { linkToken: updateToken })).json(),
      ).toMatchObject({ status: 'reconnected' });

      // The operator rotates the token key ring.
      const fresh = `k${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64url')}`;
      const ring = { keys: [...KeyRingSchema.parse(fresh).keys, ...t.config.keyRing.keys] };
      expect((await rotatePlaidTokens(tdb.db, ring)).rotated).toBeGreaterThanOrEqual(1);
      // ...and deploys the new ring (newest first) to the server.
      Object.assign(t.config.keyRing, { keys: ring.keys });

      expect((await call('DELETE', `/v1/plaid/items/${itemId}`, user)).statusCode).toBe(200);

      const rows = await auditOf(user.userId);
      expect(rows.map((r) => r.event)).toEqual([
        'plaid.link_started',
        'plaid.link_exited',
        'plaid.link_started',
        'plaid.item_linked',
        'plaid.item_synced',
        'plaid.link_started',
        'plaid.item_reconnected',
        'plaid.tokens_rotated',
        'plaid.item_removed',
      ]);
      expect(rows[2]?.details).toEqual({ linkSessionId, itemId: null });
      expect(rows[3]?.details).toMatchObject({ itemId });
      expect(rows[4]?.details).toEqual({
        itemId,
        added: 2,
        modified: 0,
        removed: 1,
        pages: 2,
        complete: true,
      });
      expect(rows[5]?.details).toMatchObject({ itemId });
      expect(rows[6]?.details).toEqual({ itemId });
      expect(rows[7]?.details).toEqual({ itemId, keyId: ring.keys[0]?.id });
      expect(rows[8]?.details).toEqual({ itemId });

      // Nothing of the bank's secrets or the user's transactions is in any row.
      const text = JSON.stringify(rows);
      for (const secret of [
        fakeItem.accessToken,
        fakeItem.itemId,
        account,
        'SECRET MERCHANT',
        'tx-a1',
        linkToken,
      ])
        expect(text).not.toContain(secret);
      const chain = await tdb.db.__dangerouslyAsOwner((c) => verifyAuditChain(c, ring));
      expect(chain.ok).toBe(true);
    });
  });
}
