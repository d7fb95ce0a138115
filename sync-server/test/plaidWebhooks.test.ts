import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import {
  buildCloudTestApp,
  injectPlaidWebhook,
  subscribe,
  type CloudTestApp,
} from './fakes/_cloudApp';

/*
 * POST /webhooks/plaid: only a Plaid-signed (ES256, live key), fresh, body-matching
 * delivery changes anything; every other one is a 400, an audit entry and a metric.
 */

for (const kind of testDrivers()) {
  describe(`plaid webhooks (${kind})`, () => {
    let tdb: TestDatabase;
    let t: CloudTestApp;
    let user: Tokens;
    let itemId: string;
    let plaidItemId: string;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildCloudTestApp(tdb.db);
      ({ user } = await subscribe(t));
      const { linkToken } = (
        await t.app.inject({
          method: 'POST',
          url: '/v1/plaid/link-token',
          headers: bearer(user.accessToken),
          payload: {},
        })
      ).json<{ linkToken: string }>();
      const { item } = t.plaid.completeHostedLink(linkToken);
      plaidItemId = item?.itemId ?? '';
      const done = await t.app.inject({
        method: 'POST',
        url: '/v1/plaid/exchange',
        headers: bearer(user.accessToken),
        payload: { linkToken },
      });
      itemId = done.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
    });
    afterAll(async () => {
      await t.close();
      await tdb.close();
    });

    const item = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/v1/plaid/items',
          headers: bearer(user.accessToken),
        })
      )
        .json<{
          items: {
            id: string;
            status: string;
            statusReason: string | null;
            updatesAvailable: boolean;
          }[];
        }>()
        .items.find((i) => i.id === itemId);
    const syncUpdates = () => ({
      webhook_type: 'TRANSACTIONS',
      webhook_code: 'SYNC_UPDATES_AVAILABLE',
      item_id: plaidItemId,
      initial_update_complete: true,
      historical_update_complete: true,
      environment: 'sandbox',
    });
    const rejections = async () =>
      tdb.db.__dangerouslyAsOwner(async (c) =>
        (
          await c.query<{ details: string }>(
            `SELECT details FROM audit_log WHERE event = 'webhook.rejected' ORDER BY seq`,
          )
        ).rows.map((r) => JSON.parse(r.details) as { source: string; reason: string }),
      );
    const metric = async (reason: string) => {
      const text = await t.app.metrics.registry.metrics();
      const line = text
        .split('\n')
        .find((l) =>
          l.startsWith(`casike_webhook_rejected_total{source="plaid",reason="${reason}"}`),
        );
      return line === undefined ? 0 : Number(line.split(' ').at(-1));
    };
    /** The counter the WebhookVerificationFailures alert (deploy/alerts.yml) watches. */
    const alerted = async () => {
      const text = await t.app.metrics.registry.metrics();
      const line = text
        .split('\n')
        .find((l) => l.startsWith('casike_webhook_verification_failures_total{provider="plaid"}'));
      return line === undefined ? 0 : Number(line.split(' ').at(-1));
    };

    it('a valid SYNC_UPDATES_AVAILABLE marks the item; the next sync clears it', async () => {
      expect((await item())?.updatesAvailable).toBe(false);
      const response = await injectPlaidWebhook(t, syncUpdates());
      expect(response.statusCode).toBe(200);
      expect((await item())?.updatesAvailable).toBe(true);
      await t.app.inject({
        method: 'POST',
        url: `/v1/plaid/items/${itemId}/sync`,
        headers: bearer(user.accessToken),
        payload: {},
      });
      expect((await item())?.updatesAvailable).toBe(false);
    });

    it('ITEM_LOGIN_REQUIRED and PENDING_EXPIRATION ask for a reconnect; LOGIN_REPAIRED clears it', async () => {
      const base = { webhook_type: 'ITEM', item_id: plaidItemId, environment: 'sandbox' };
      await injectPlaidWebhook(t, {
        ...base,
        webhook_code: 'ERROR',
        error: { error_code: 'ITEM_LOGIN_REQUIRED', error_type: 'ITEM_ERROR' },
      });
      expect(await item()).toMatchObject({
        status: 'reconnect',
        statusReason: 'ITEM_LOGIN_REQUIRED',
      });
      await injectPlaidWebhook(t, { ...base, webhook_code: 'LOGIN_REPAIRED' });
      expect(await item()).toMatchObject({ status: 'ok', statusReason: null });
      await injectPlaidWebhook(t, {
        ...base,
        webhook_code: 'PENDING_EXPIRATION',
        consent_expiration_time: '2026-03-08T00:00:00Z',
      });
      expect(await item()).toMatchObject({
        status: 'reconnect',
        statusReason: 'PENDING_EXPIRATION',
      });
      await injectPlaidWebhook(t, { ...base, webhook_code: 'LOGIN_REPAIRED' });
    });

    it('unknown items and unknown webhook types are acknowledged and change nothing', async () => {
      expect(
        (await injectPlaidWebhook(t, { ...syncUpdates(), item_id: 'item-nobody' })).statusCode,
      ).toBe(200);
      expect(
        (
          await injectPlaidWebhook(t, {
            webhook_type: 'HOLDINGS',
            webhook_code: 'DEFAULT_UPDATE',
            item_id: plaidItemId,
          })
        ).statusCode,
      ).toBe(200);
    });

    const cases: [string, string, Parameters<typeof injectPlaidWebhook>[2]][] = [
      ['wrong signature', 'bad_signature', { forgeKey: true }],
      ['wrong body hash', 'body_hash_mismatch', { bodyHash: 'a'.repeat(64) }],
      [
        'a body changed after signing',
        'body_hash_mismatch',
        {
          sendBody: JSON.stringify({
            webhook_type: 'TRANSACTIONS',
            webhook_code: 'SYNC_UPDATES_AVAILABLE',
            item_id: 'item-other',
          }),
        },
      ],
      ['alg none', 'bad_alg', { alg: 'none' }],
      ['alg HS256 keyed with the public key', 'bad_alg', { alg: 'HS256' }],
      ['iat older than five minutes', 'stale', { iatOffset: -301 }],
      ['iat in the future', 'stale', { iatOffset: 600 }],
      ['an unknown kid', 'unknown_kid', { kid: 'kid-that-plaid-never-issued' }],
      ['a key Plaid marked expired', 'expired_key', { expiredKey: true }],
      ['no header', 'missing_header', { header: null }],
      ['a header that is not a JWT', 'malformed', { header: 'not-a-jwt' }],
    ];
    for (const [name, reason, options] of cases) {
      it(`rejects ${name} (400, audited, counted, no effect)`, async () => {
        const counted = await metric(reason);
        const alerts = await alerted();
        const audited = (await rejections()).length;
        const response = await injectPlaidWebhook(t, syncUpdates(), options);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toEqual({
          error: { code: 'webhook_rejected', message: 'The webhook could not be verified.' },
        });
        expect((await item())?.updatesAvailable).toBe(false);
        const after = await rejections();
        expect(after).toHaveLength(audited + 1);
        expect(after.at(-1)).toEqual({ source: 'plaid', reason });
        expect(await metric(reason)).toBe(counted + 1);
        expect(await alerted()).toBe(alerts + 1);
      });
    }

    it('a fresh delivery five minutes minus a second old is accepted', async () => {
      expect((await injectPlaidWebhook(t, syncUpdates(), { iatOffset: -299 })).statusCode).toBe(
        200,
      );
      expect((await item())?.updatesAvailable).toBe(true);
    });

    it('verification keys are fetched once per kid and cached', async () => {
      const before = t.plaid.callsTo('/webhook_verification_key/get').length;
      await injectPlaidWebhook(t, syncUpdates());
      await injectPlaidWebhook(t, syncUpdates());
      expect(t.plaid.callsTo('/webhook_verification_key/get').length).toBe(before);
    });

    it('over a real socket: a signed delivery is accepted, a forged one refused', async () => {
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      expect(
        await t.plaid.deliverWebhook(`${address}/webhooks/plaid`, syncUpdates(), {
          forgeKey: true,
        }),
      ).toBe(400);
      expect(await t.plaid.deliverWebhook(`${address}/webhooks/plaid`, syncUpdates())).toBe(200);
      expect((await item())?.updatesAvailable).toBe(true);
    });

    it('forged kids cannot make the server call Plaid without bound', async () => {
      t.clock.advance(60);
      const before = t.plaid.callsTo('/webhook_verification_key/get').length;
      for (let i = 0; i < 15; i++) {
        const response = await injectPlaidWebhook(t, syncUpdates(), { kid: `made-up-${i}` });
        expect(response.statusCode).toBe(400);
      }
      expect(t.plaid.callsTo('/webhook_verification_key/get').length - before).toBe(10);
      // The real key is cached and still works meanwhile.
      expect((await injectPlaidWebhook(t, syncUpdates())).statusCode).toBe(200);
    });
  });
}
