import { z } from 'zod';
import type { Tx } from '../db/database';
import type { Queryable } from '../db/types';
import type { SubscriptionFacts } from './stripeClient';

/*
 * billing_customers and billing_subscriptions (migration 0004). The subscription row is
 * always what Stripe said when we last asked, never what an event's payload claimed, so
 * events handled in any order converge on Stripe's current state.
 */

export interface StoredSubscription {
  id: string;
  status: string;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  pastDueSince: Date | null;
  fetchedAt: Date;
}

const SubRow = z.object({
  stripe_subscription_id: z.string(),
  status: z.string(),
  price_id: z.string().nullable(),
  current_period_end: z.coerce.date().nullable(),
  cancel_at_period_end: z.boolean(),
  past_due_since: z.coerce.date().nullable(),
  fetched_at: z.coerce.date(),
});

function toSubscription(raw: unknown): StoredSubscription {
  const r = SubRow.parse(raw);
  return {
    id: r.stripe_subscription_id,
    status: r.status,
    priceId: r.price_id,
    currentPeriodEnd: r.current_period_end,
    cancelAtPeriodEnd: r.cancel_at_period_end,
    pastDueSince: r.past_due_since,
    fetchedAt: r.fetched_at,
  };
}

export async function customerIdOf(q: Queryable): Promise<string | undefined> {
  const { rows } = await q.query<{ stripe_customer_id: string }>(
    'SELECT stripe_customer_id FROM billing_customers',
  );
  return rows[0]?.stripe_customer_id;
}

export async function insertCustomer(
  q: Queryable,
  userId: string,
  customerId: string,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO billing_customers (user_id, stripe_customer_id, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO NOTHING`,
    [userId, customerId, now],
  );
}

/** Scopes `tx` to the owner of a Stripe customer; undefined when the customer is not ours. */
export async function ownerOfCustomer(tx: Tx, customerId: string): Promise<string | undefined> {
  await tx.query(`SELECT set_config('app.stripe_customer_id', $1, true)`, [customerId]);
  const { rows } = await tx.query<{ user_id: string }>(
    'SELECT user_id FROM billing_customers WHERE stripe_customer_id = $1',
    [customerId],
  );
  await tx.query(`SELECT set_config('app.stripe_customer_id', '', true)`);
  const userId = rows[0]?.user_id;
  if (userId !== undefined) await tx.setUser(userId);
  return userId;
}

export async function listSubscriptions(q: Queryable): Promise<StoredSubscription[]> {
  const { rows } = await q.query(
    `SELECT stripe_subscription_id, status, price_id, current_period_end, cancel_at_period_end,
            past_due_since, fetched_at
       FROM billing_subscriptions ORDER BY fetched_at DESC`,
  );
  return rows.map(toSubscription);
}

/**
 * Stores Stripe's current view of a subscription for `userId` (the caller's scope).
 * `past_due_since` keeps the first moment we saw past_due, so the grace period is not
 * restarted by every retry webhook.
 */
export async function upsertSubscription(
  q: Queryable,
  userId: string,
  facts: SubscriptionFacts,
  now: Date,
): Promise<void> {
  const item = facts.items.data[0];
  const periodEnd =
    item?.current_period_end == null ? null : new Date(item.current_period_end * 1000);
  await q.query(
    `INSERT INTO billing_subscriptions (stripe_subscription_id, user_id, status, price_id,
       current_period_end, cancel_at_period_end, past_due_since, fetched_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $3 = 'past_due' THEN $7::timestamptz END, $7)
     ON CONFLICT (stripe_subscription_id) DO UPDATE SET
       status = EXCLUDED.status, price_id = EXCLUDED.price_id,
       current_period_end = EXCLUDED.current_period_end,
       cancel_at_period_end = EXCLUDED.cancel_at_period_end,
       past_due_since = CASE WHEN EXCLUDED.status <> 'past_due' THEN NULL
                             ELSE coalesce(billing_subscriptions.past_due_since, EXCLUDED.fetched_at) END,
       fetched_at = EXCLUDED.fetched_at
     WHERE billing_subscriptions.fetched_at <= EXCLUDED.fetched_at`,
    [
      facts.id,
      userId,
      facts.status,
      item?.price?.id ?? null,
      periodEnd,
      facts.cancel_at_period_end,
      now,
    ],
  );
}

/** Records a Stripe event id; false when it was already handled (a replay or retry). */
export async function recordEvent(
  q: Queryable,
  eventId: string,
  eventType: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO stripe_events (event_id, event_type, received_at) VALUES ($1, $2, $3)
     ON CONFLICT (event_id) DO NOTHING`,
    [eventId, eventType, now],
  );
  return rowCount > 0;
}

export async function eventSeen(q: Queryable, eventId: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM stripe_events WHERE event_id = $1', [eventId]);
  return rows.length > 0;
}
