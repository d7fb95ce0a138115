import type Stripe from 'stripe';
import type { Tx } from '../db/database';
import { SubscriptionFacts } from './stripeClient';
import { listSubscriptions, upsertSubscription } from './subscriptions';

/*
 * Account rights for billing, shaped for the account hooks: deletion cancels every live
 * subscription at Stripe immediately (no further charges); export lists the subscription
 * state. Both run inside the caller's transaction, scoped to the user.
 */

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused']);

export async function cancelSubscriptionsInTx(
  tx: Tx,
  stripe: Stripe | undefined,
  userId: string,
  now: Date,
): Promise<number> {
  const live = (await listSubscriptions(tx)).filter((s) => LIVE.has(s.status));
  if (live.length > 0 && stripe === undefined)
    throw new Error('Stripe is not configured, so the subscription cannot be cancelled');
  for (const s of live) {
    const facts = SubscriptionFacts.parse(await stripe?.subscriptions.cancel(s.id));
    await upsertSubscription(tx, userId, facts, now);
  }
  return live.length;
}

export async function exportBilling(tx: Tx): Promise<unknown> {
  return (await listSubscriptions(tx)).map((s) => ({
    status: s.status,
    currentPeriodEnd: s.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
  }));
}
