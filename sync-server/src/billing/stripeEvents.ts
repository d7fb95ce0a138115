import type Stripe from 'stripe';
import { z } from 'zod';
import type { AuditEntry } from '../audit/auditLog';
import type { Database } from '../db/database';
import type { Queryable } from '../db/types';
import { SubscriptionFacts } from './stripeClient';
import { eventSeen, ownerOfCustomer, recordEvent, upsertSubscription } from './subscriptions';

/*
 * What a verified Stripe event does. Every handled event only tells us *which*
 * subscription to look at: we fetch it from Stripe and store what Stripe says now. So
 * events may arrive late, twice, or in any order and the stored state still converges on
 * Stripe's. The event id is recorded in the same transaction as the state change, so a
 * replay is a no-op and a failure midway is retried by Stripe as a whole.
 */

export const HANDLED_EVENTS = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
]);

const idOf = z
  .union([z.string(), z.object({ id: z.string() }).transform((o) => o.id)])
  .nullish()
  .transform((v) => v ?? null);

const EventObject = z.object({
  id: z.string().optional(),
  object: z.string(),
  customer: idOf,
  subscription: idOf,
  parent: z.object({ subscription_details: z.object({ subscription: idOf }).nullish() }).nullish(),
});

/** The subscription an event is about, or null (a one-off payment, another product). */
export function subscriptionIdOf(event: Pick<Stripe.Event, 'type' | 'data'>): string | null {
  const parsed = EventObject.safeParse(event.data.object);
  if (!parsed.success) return null;
  const o = parsed.data;
  if (o.object === 'subscription') return o.id ?? null;
  if (o.object === 'invoice') return o.parent?.subscription_details?.subscription ?? o.subscription;
  if (o.object === 'checkout.session') return o.subscription;
  return null;
}

export type EventOutcome = 'applied' | 'duplicate' | 'ignored' | 'not_ours';

export interface StripeEventDeps {
  db: Database;
  stripe: Stripe;
  clock: () => Date;
  audit: (q: Queryable, entry: AuditEntry) => Promise<void>;
}

export async function handleStripeEvent(
  deps: StripeEventDeps,
  event: Stripe.Event,
): Promise<EventOutcome> {
  const now = deps.clock();
  const subscriptionId = HANDLED_EVENTS.has(event.type) ? subscriptionIdOf(event) : null;
  if (subscriptionId === null) {
    const fresh = await deps.db.transaction((tx) => recordEvent(tx, event.id, event.type, now));
    return fresh ? 'ignored' : 'duplicate';
  }
  // A cheap early exit for replays; the insert below is what actually guarantees once.
  if (await deps.db.transaction((tx) => eventSeen(tx, event.id))) return 'duplicate';

  const facts = SubscriptionFacts.parse(await deps.stripe.subscriptions.retrieve(subscriptionId));
  return deps.db.transaction(async (tx) => {
    if (!(await recordEvent(tx, event.id, event.type, now))) return 'duplicate';
    const userId = await ownerOfCustomer(tx, facts.customer);
    if (userId === undefined) return 'not_ours';
    await upsertSubscription(tx, userId, facts, now);
    await deps.audit(tx, {
      event: 'billing.subscription_changed',
      userId,
      details: { stripeEvent: event.type, status: facts.status },
    });
    return 'applied';
  });
}
