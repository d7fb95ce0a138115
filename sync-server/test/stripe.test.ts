import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelAllSubscriptions } from '../src/billing/service';
import { createStripe } from '../src/billing/stripeClient';
import type { SubscriptionState } from '../src/billing/wire';
import { bearer, signIn, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import {
  buildCloudTestApp,
  injectStripeEvent,
  PRICE_ID,
  subscribe,
  type CloudTestApp,
} from './fakes/_cloudApp';

/*
 * Stripe billing with the real `stripe` SDK against the fake: Checkout and portal
 * sessions, signed webhooks (valid once, replays deduplicated, forgeries and stale ones
 * refused), events in any order converging on Stripe's state, and entitlement with a
 * grace period on past_due.
 */

for (const kind of testDrivers()) {
  describe(`stripe billing (${kind})`, () => {
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

    const state = async (user: Tokens) =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/v1/billing/subscription',
          headers: bearer(user.accessToken),
        })
      ).json<SubscriptionState>();
    const subscriptionFetches = (id: string) =>
      t.stripe.calls.filter((c) => c.method === 'GET' && c.path === `/v1/subscriptions/${id}`)
        .length;
    const audited = async (event: string) =>
      tdb.db.__dangerouslyAsOwner(async (c) =>
        (
          await c.query<{ details: string }>(
            'SELECT details FROM audit_log WHERE event = $1 ORDER BY seq',
            [event],
          )
        ).rows.map((r) => JSON.parse(r.details) as Record<string, string>),
      );

    it('Checkout: customer created once and reused, subscription mode, our user as reference', async () => {
      const user = await signIn(t);
      expect(await state(user)).toEqual({
        status: 'none',
        entitled: false,
        currentPeriodEnd: null,
        cancelAtPeriodEnd: false,
        graceUntil: null,
      });
      const first = await t.app.inject({
        method: 'POST',
        url: '/v1/billing/checkout',
        headers: bearer(user.accessToken),
      });
      expect(first.statusCode).toBe(200);
      expect(first.json<{ url: string }>().url).toMatch(
        new RegExp(`^${t.stripe.url}/c/pay/cs_test_`),
      );
      const second = await t.app.inject({
        method: 'POST',
        url: '/v1/billing/checkout',
        headers: bearer(user.accessToken),
      });
      expect(second.statusCode).toBe(200);

      const created = t.stripe.calls.filter((c) => c.path === '/v1/customers');
      expect(created).toHaveLength(1);
      expect(created[0]?.body.metadata).toEqual({ casike_user_id: user.userId });
      const sessions = [...t.stripe.checkoutSessions.values()].slice(-2);
      for (const s of sessions) {
        expect(s).toMatchObject({
          mode: 'subscription',
          customer: [...t.stripe.customers.keys()][0],
          client_reference_id: user.userId,
          line_items: [{ price: PRICE_ID, quantity: '1' }],
          success_url: 'http://127.0.0.1:8787/v1/billing/return?result=success',
        });
      }
      const back = await t.app.inject({ method: 'GET', url: '/v1/billing/return?result=success' });
      expect(back.statusCode).toBe(200);
      expect(back.body).toContain('close this window');
    });

    it('completing Checkout activates the subscription; portal and a second Checkout behave', async () => {
      const user = await signIn(t);
      const noPortal = await t.app.inject({
        method: 'POST',
        url: '/v1/billing/portal',
        headers: bearer(user.accessToken),
      });
      expect(noPortal.statusCode).toBe(404);
      await subscribe(t, user);
      expect(await state(user)).toMatchObject({
        status: 'active',
        entitled: true,
        cancelAtPeriodEnd: false,
      });
      expect((await state(user)).currentPeriodEnd).toBe('2026-03-31T12:00:00.000Z');
      const portal = await t.app.inject({
        method: 'POST',
        url: '/v1/billing/portal',
        headers: bearer(user.accessToken),
      });
      expect(portal.statusCode).toBe(200);
      expect(portal.json<{ url: string }>().url).toContain(`${t.stripe.url}/p/session/`);
      expect(t.stripe.portalSessions.at(-1)?.return_url).toBe(
        'http://127.0.0.1:8787/v1/billing/return?result=portal',
      );
      const again = await t.app.inject({
        method: 'POST',
        url: '/v1/billing/checkout',
        headers: bearer(user.accessToken),
      });
      expect(again.statusCode).toBe(409);
    });

    it('a valid event is applied once; its replay is acknowledged and deduplicated', async () => {
      const { user, subscriptionId } = await subscribe(t);
      const event = t.stripe.setStatus(subscriptionId, 'active', { cancel_at_period_end: true });
      const fetches = subscriptionFetches(subscriptionId);
      const changes = (await audited('billing.subscription_changed')).length;
      expect((await injectStripeEvent(t, event)).statusCode).toBe(200);
      expect(await state(user)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
      expect((await injectStripeEvent(t, event)).statusCode).toBe(200);
      expect((await injectStripeEvent(t, event)).statusCode).toBe(200);
      expect(subscriptionFetches(subscriptionId)).toBe(fetches + 1);
      expect(await audited('billing.subscription_changed')).toHaveLength(changes + 1);
      const seen = await tdb.db.__dangerouslyAsOwner(
        async (c) =>
          (await c.query('SELECT 1 FROM stripe_events WHERE event_id = $1', [event.id])).rows
            .length,
      );
      expect(seen).toBe(1);
    });

    const forgeries: [
      string,
      string,
      (e: ReturnType<CloudTestApp['stripe']['event']>) => Parameters<typeof injectStripeEvent>[2],
    ][] = [
      [
        'a wrong signing secret',
        'bad_signature',
        () => ({ secret: 'whsec_not_the_real_secret_at_all' }),
      ],
      [
        'a body changed after signing',
        'bad_signature',
        (e) => ({ body: JSON.stringify({ ...e, id: 'evt_forged_replacement' }, null, 2) }),
      ],
      [
        'a timestamp older than five minutes',
        'stale',
        () => ({ timestamp: Math.floor(t.clock.now.getTime() / 1000) - 301 }),
      ],
    ];
    for (const [name, reason, options] of forgeries) {
      it(`rejects ${name} with 400 and an audit entry, changing nothing`, async () => {
        const { user, subscriptionId } = await subscribe(t);
        const event = t.stripe.setStatus(subscriptionId, 'canceled');
        const before = (await audited('webhook.rejected')).length;
        const response = await injectStripeEvent(t, event, options(event));
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ error: { code: 'webhook_rejected' } });
        const after = await audited('webhook.rejected');
        expect(after).toHaveLength(before + 1);
        expect(after.at(-1)).toEqual({ source: 'stripe', reason });
        expect((await state(user)).status).toBe('active');
        // The same event, properly signed and fresh, is then accepted (it was not recorded).
        expect((await injectStripeEvent(t, event)).statusCode).toBe(200);
        expect((await state(user)).status).toBe('canceled');
      });
    }

    it('rejects a delivery without a Stripe-Signature header', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/webhooks/stripe',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(t.stripe.event('invoice.paid', { object: 'invoice' })),
      });
      expect(response.statusCode).toBe(400);
    });

    it('events delivered out of order converge on Stripe’s current state', async () => {
      const { user, subscriptionId } = await subscribe(t);
      const failed = t.stripe.setStatus(subscriptionId, 'past_due');
      const recovered = t.stripe.setStatus(subscriptionId, 'active');
      // The recovery arrives first, the older failure after it.
      await injectStripeEvent(t, recovered);
      await injectStripeEvent(t, failed);
      expect(await state(user)).toMatchObject({ status: 'active', entitled: true });

      const deleted = t.stripe.setStatus(subscriptionId, 'canceled');
      const lateCreated = t.stripe.event('customer.subscription.created', {
        ...(t.stripe.subscriptions.get(subscriptionId) ?? {}),
        status: 'active',
      });
      await injectStripeEvent(t, deleted);
      await injectStripeEvent(t, lateCreated);
      expect(await state(user)).toMatchObject({ status: 'canceled', entitled: false });
    });

    it('events arriving before checkout.session.completed still land on the right user', async () => {
      const user = await signIn(t);
      await t.app.inject({
        method: 'POST',
        url: '/v1/billing/checkout',
        headers: bearer(user.accessToken),
      });
      const sessionId = [...t.stripe.checkoutSessions.keys()].at(-1) ?? '';
      const { events } = t.stripe.completeCheckout(sessionId);
      for (const event of [...events].reverse())
        expect((await injectStripeEvent(t, event)).statusCode).toBe(200);
      expect(await state(user)).toMatchObject({ status: 'active', entitled: true });
    });

    it('past_due keeps cloud features for the grace period, then refuses them clearly', async () => {
      const { user, subscriptionId } = await subscribe(t);
      // Days pass: access tokens expire, so each step refreshes (which also keeps the session alive).
      let tokens = user;
      const refreshed = async () => {
        const r = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/refresh',
          payload: { refreshToken: tokens.refreshToken },
        });
        expect(r.statusCode).toBe(200);
        tokens = { ...tokens, ...r.json<Tokens>() };
        return tokens;
      };
      await injectStripeEvent(t, t.stripe.setStatus(subscriptionId, 'past_due'));
      const during = await state(user);
      expect(during).toMatchObject({ status: 'past_due', entitled: true });
      expect(during.graceUntil).toBe(
        new Date(t.clock.now.getTime() + 7 * 86_400_000).toISOString(),
      );
      const second = await t.app.inject({
        method: 'POST',
        url: '/v1/billing/checkout',
        headers: bearer(user.accessToken),
      });
      expect(second.statusCode).toBe(409);
      expect(second.json<{ error: { message: string } }>().error.message).toContain(
        'casike cloud billing',
      );
      const linkOk = await t.app.inject({
        method: 'POST',
        url: '/v1/plaid/link-token',
        headers: bearer(user.accessToken),
        payload: {},
      });
      expect(linkOk.statusCode).toBe(200);

      // Stripe retries the failed payment: the grace period does not restart.
      t.clock.advance(3 * 86_400);
      await injectStripeEvent(t, t.stripe.setStatus(subscriptionId, 'past_due'));
      expect((await state(await refreshed())).graceUntil).toBe(during.graceUntil);

      t.clock.advance(5 * 86_400);
      const late = await refreshed();
      expect(await state(late)).toMatchObject({
        status: 'past_due',
        entitled: false,
        graceUntil: null,
      });
      const refused = await t.app.inject({
        method: 'POST',
        url: '/v1/plaid/link-token',
        headers: bearer(late.accessToken),
        payload: {},
      });
      expect(refused.statusCode).toBe(402);
      const error = refused.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe('subscription_lapsed');
      expect(error.message).toContain('casike cloud billing');

      // Payment succeeds: everything is back at once.
      await injectStripeEvent(t, t.stripe.setStatus(subscriptionId, 'active'));
      expect(await state(late)).toMatchObject({ status: 'active', entitled: true });
    });

    it('account deletion cancels live subscriptions at Stripe', async () => {
      const { user, subscriptionId } = await subscribe(t);
      const settings = t.config.stripe;
      if (settings === undefined) throw new Error('stripe not configured');
      const cancelled = await cancelAllSubscriptions(
        {
          db: tdb.db,
          stripe: createStripe(settings),
          priceId: PRICE_ID,
          clock: t.clock.fn,
          publicUrl: t.config.publicUrl,
        },
        user.userId,
      );
      expect(cancelled).toBe(1);
      expect(t.stripe.subscriptions.get(subscriptionId)?.status).toBe('canceled');
      expect(
        t.stripe.calls.some(
          (c) => c.method === 'DELETE' && c.path === `/v1/subscriptions/${subscriptionId}`,
        ),
      ).toBe(true);
      expect(await state(user)).toMatchObject({ status: 'canceled', entitled: false });
    });

    it('over a real socket: a signed delivery is accepted, a tampered one refused', async () => {
      const { user, subscriptionId } = await subscribe(t);
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      const event = t.stripe.setStatus(subscriptionId, 'active', { cancel_at_period_end: true });
      expect(await t.stripe.deliver(`${address}/webhooks/stripe`, event, { tamper: true })).toBe(
        400,
      );
      expect((await state(user)).cancelAtPeriodEnd).toBe(false);
      expect(await t.stripe.deliver(`${address}/webhooks/stripe`, event)).toBe(200);
      expect((await state(user)).cancelAtPeriodEnd).toBe(true);
    });

    it('the Stripe keys never reach the log', () => {
      expect(t.log.text).not.toContain(t.stripe.secretKey);
      expect(t.log.text).not.toContain(t.stripe.webhookSecret);
    });
  });
}
