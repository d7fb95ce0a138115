import type Stripe from 'stripe';
import { z } from 'zod';
import type { Database } from '../db/database';
import { ApiError } from '../http/errors';
import { entitlementOf } from './entitlements';
import { cancelSubscriptionsInTx } from './accountRights';
import { stripeFailure } from './stripeClient';
import { customerIdOf, insertCustomer, listSubscriptions } from './subscriptions';
import type { SubscriptionState } from './wire';

/*
 * Billing use cases: Checkout and Customer Portal sessions, the subscription state, and
 * cancelling on account deletion. Stripe calls never run inside a database transaction.
 * The return URLs are ours (PUBLIC_URL), never taken from the request: a caller cannot
 * turn Checkout into an open redirect.
 */

export interface BillingDeps {
  db: Database;
  stripe: Stripe;
  priceId: string;
  clock: () => Date;
  publicUrl: URL;
}

const HAS_SUBSCRIPTION = new Set(['active', 'trialing', 'past_due', 'unpaid']);

const UserEmail = z.object({ email: z.string() });

/** The user's Stripe customer, created on first use (idempotently, keyed by our user id). */
async function ensureCustomer(deps: BillingDeps, userId: string): Promise<string> {
  const known = await deps.db.transaction(
    async (tx) => {
      const customerId = await customerIdOf(tx);
      const { rows } = await tx.query('SELECT email FROM users WHERE id = $1', [userId]);
      return { customerId, email: UserEmail.parse(rows[0]).email };
    },
    { userId },
  );
  if (known.customerId !== undefined) return known.customerId;
  let customer;
  try {
    customer = await deps.stripe.customers.create(
      { email: known.email, metadata: { casike_user_id: userId } },
      { idempotencyKey: `casike-customer-${userId}` },
    );
  } catch {
    throw stripeFailure();
  }
  await deps.db.transaction((tx) => insertCustomer(tx, userId, customer.id, deps.clock()), {
    userId,
  });
  // Two racing first calls: the idempotency key gave both the same customer, and the
  // insert kept one row; read back whichever won.
  return (await deps.db.transaction((tx) => customerIdOf(tx), { userId })) ?? customer.id;
}

function returnUrl(deps: BillingDeps, result: string): string {
  return new URL(`/v1/billing/return?result=${result}`, deps.publicUrl).toString();
}

export async function subscriptionState(
  deps: BillingDeps,
  userId: string,
): Promise<SubscriptionState> {
  const subscriptions = await deps.db.transaction((tx) => listSubscriptions(tx), { userId });
  const e = entitlementOf(subscriptions, deps.clock());
  const best = subscriptions.find((s) => s.status === e.status);
  return {
    status: e.status,
    entitled: e.entitled,
    currentPeriodEnd: best?.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: best?.cancelAtPeriodEnd ?? false,
    graceUntil: e.entitled && e.graceUntil !== null ? e.graceUntil.toISOString() : null,
  };
}

export async function startCheckout(deps: BillingDeps, userId: string): Promise<{ url: string }> {
  const state = await subscriptionState(deps, userId);
  // A second subscription would charge twice: a failing one is fixed in the portal instead.
  if (HAS_SUBSCRIPTION.has(state.status)) {
    throw new ApiError(
      409,
      'already_subscribed',
      state.status === 'past_due' || state.status === 'unpaid'
        ? 'Your subscription has an unpaid invoice. Update your card with `casike cloud billing`.'
        : 'You already have a subscription. Manage it with `casike cloud billing`.',
    );
  }
  const customer = await ensureCustomer(deps, userId);
  let session;
  try {
    session = await deps.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: userId,
      line_items: [{ price: deps.priceId, quantity: 1 }],
      success_url: returnUrl(deps, 'success'),
      cancel_url: returnUrl(deps, 'cancelled'),
    });
  } catch {
    throw stripeFailure();
  }
  if (session.url === null) throw stripeFailure();
  return { url: session.url };
}

export async function startPortal(deps: BillingDeps, userId: string): Promise<{ url: string }> {
  const customer = await deps.db.transaction((tx) => customerIdOf(tx), { userId });
  if (customer === undefined) {
    throw new ApiError(
      404,
      'no_subscription',
      'There is no subscription to manage yet. Subscribe with `casike cloud subscribe`.',
    );
  }
  try {
    const portal = await deps.stripe.billingPortal.sessions.create({
      customer,
      return_url: returnUrl(deps, 'portal'),
    });
    return { url: portal.url };
  } catch {
    throw stripeFailure();
  }
}

/** Account deletion outside the account hooks (tests, operator tools): cancels at Stripe now. */
export async function cancelAllSubscriptions(deps: BillingDeps, userId: string): Promise<number> {
  return deps.db.transaction(
    (tx) => cancelSubscriptionsInTx(tx, deps.stripe, userId, deps.clock()),
    { userId },
  );
}
