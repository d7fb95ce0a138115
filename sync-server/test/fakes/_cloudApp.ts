import { expect } from 'vitest';
import type { ServerConfig } from '../../src/config/env';
import type { Database } from '../../src/db/database';
import { bearer, buildTestApp, signIn, type TestApp, type Tokens } from '../_support/app';
import { FakePlaid, type WebhookSignOptions } from './fakePlaid';
import { FakeStripe, type StripeEvent } from './fakeStripe';

/*
 * Test-only: a server wired to a fake Plaid and a fake Stripe that share its movable
 * clock, and the few steps most tests need (subscribe, deliver a webhook by inject).
 */

export const PRICE_ID = 'price_cloud_monthly';

export interface CloudTestApp extends TestApp {
  plaid: FakePlaid;
  stripe: FakeStripe;
  close(): Promise<void>;
}

export async function buildCloudTestApp(
  db: Database,
  options: {
    reuse?: { plaid: FakePlaid; stripe: FakeStripe };
    tweak?: (c: ServerConfig) => void;
  } = {},
): Promise<CloudTestApp> {
  // The fakes read the app's clock, which exists only once the app is built: late binding.
  let clock: () => Date = () => new Date('2026-03-01T12:00:00.000Z');
  const plaid = options.reuse?.plaid ?? (await FakePlaid.start({ clock: () => clock() }));
  const stripe = options.reuse?.stripe ?? (await FakeStripe.start({ clock: () => clock() }));
  const t = await buildTestApp(db, (config) => {
    options.tweak?.(config);
    config.plaid = {
      clientId: plaid.clientId,
      secret: plaid.secret,
      env: undefined,
      baseUrl: plaid.url,
    };
    config.stripe = {
      secretKey: stripe.secretKey,
      webhookSecret: stripe.webhookSecret,
      priceId: PRICE_ID,
      apiUrl: stripe.url,
    };
  });
  clock = t.clock.fn;
  return {
    ...t,
    plaid,
    stripe,
    async close() {
      await t.app.close();
      if (options.reuse !== undefined) return;
      await plaid.close();
      await stripe.close();
    },
  };
}

export async function injectStripeEvent(
  t: CloudTestApp,
  event: StripeEvent,
  options: { timestamp?: number; secret?: string; body?: string } = {},
) {
  const payload = JSON.stringify(event, null, 2);
  return t.app.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': t.stripe.signature(payload, options),
    },
    payload: options.body ?? payload,
  });
}

export async function injectPlaidWebhook(
  t: CloudTestApp,
  body: Record<string, unknown>,
  options: WebhookSignOptions & { sendBody?: string; header?: string | null } = {},
) {
  const text = JSON.stringify(body, null, 2);
  const header =
    options.header === undefined ? await t.plaid.signWebhook(text, options) : options.header;
  return t.app.inject({
    method: 'POST',
    url: '/webhooks/plaid',
    headers: {
      'content-type': 'application/json',
      ...(header === null ? {} : { 'plaid-verification': header }),
    },
    payload: options.sendBody ?? text,
  });
}

/** Signs in and subscribes through Checkout and its webhooks; returns the subscription id. */
export async function subscribe(
  t: CloudTestApp,
  user?: Tokens,
): Promise<{ user: Tokens; subscriptionId: string }> {
  const who = user ?? (await signIn(t));
  const checkout = await t.app.inject({
    method: 'POST',
    url: '/v1/billing/checkout',
    headers: bearer(who.accessToken),
  });
  expect(checkout.statusCode).toBe(200);
  const sessionId = [...t.stripe.checkoutSessions.keys()].at(-1);
  if (sessionId === undefined) throw new Error('no checkout session');
  const { subscription, events } = t.stripe.completeCheckout(sessionId);
  for (const event of events) expect((await injectStripeEvent(t, event)).statusCode).toBe(200);
  return { user: who, subscriptionId: subscription.id as string };
}
