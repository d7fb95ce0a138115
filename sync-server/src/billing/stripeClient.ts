import Stripe from 'stripe';
import { z } from 'zod';
import type { ServerConfig } from '../config/env';
import { ApiError } from '../http/errors';

/*
 * The official Stripe SDK, configured from the environment. STRIPE_API_URL (tests: the
 * fake on 127.0.0.1) becomes the SDK's host, port and protocol. Subscription objects are
 * parsed into the few fields entitlement needs (a trust boundary like any other).
 */

export type StripeSettings = NonNullable<ServerConfig['stripe']>;

export function createStripe(settings: StripeSettings): Stripe {
  const options: ConstructorParameters<typeof Stripe>[1] = {
    maxNetworkRetries: 1,
    timeout: 30_000,
    telemetry: false,
  };
  if (settings.apiUrl !== undefined) {
    const url = new URL(settings.apiUrl);
    options.host = url.hostname;
    options.port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    options.protocol = url.protocol === 'http:' ? 'http' : 'https';
  }
  return new Stripe(settings.secretKey, options);
}

const idOf = z.union([z.string(), z.object({ id: z.string() }).transform((o) => o.id)]);

export const SubscriptionFacts = z.object({
  id: z.string(),
  status: z.string(),
  customer: idOf,
  cancel_at_period_end: z.boolean(),
  items: z.object({
    data: z.array(
      z.object({
        price: z.object({ id: z.string() }).nullish(),
        current_period_end: z.number().nullish(),
      }),
    ),
  }),
});
export type SubscriptionFacts = z.infer<typeof SubscriptionFacts>;

export function stripeDisabled(): ApiError {
  return new ApiError(503, 'billing_disabled', 'Subscriptions are not configured on this server.');
}

export function stripeFailure(): ApiError {
  return new ApiError(
    502,
    'billing_unavailable',
    'The payment service did not answer. Try again later.',
  );
}
