import { randomBytes } from 'node:crypto';
import type { Database } from '../../src/db/database';

/*
 * Test-only: gives a user a subscription row as the Stripe webhooks would leave it, for
 * tests of paid cloud features (backups, bank sync, AI relay) that are not about billing.
 * Billing itself is tested through the fake Stripe (test/stripe.test.ts); this writes the
 * same row through the app's role, so RLS applies as it does for the webhook handler.
 */

export type SubscriptionStatus = 'active' | 'trialing' | 'past_due' | 'canceled' | 'unpaid';

export async function grantSubscription(
  db: Database,
  userId: string,
  status: SubscriptionStatus = 'active',
  options: { pastDueSince?: Date } = {},
): Promise<string> {
  const id = `sub_test_${randomBytes(8).toString('hex')}`;
  await db.transaction(
    (tx) =>
      tx.query(
        `INSERT INTO billing_subscriptions (stripe_subscription_id, user_id, status, past_due_since, fetched_at)
         VALUES ($1, $2, $3, $4, now())`,
        [id, userId, status, options.pastDueSince ?? null],
      ),
    { userId },
  );
  return id;
}

/** Moves every subscription of the user to `status` (a renewal failed, it was cancelled). */
export async function setSubscriptionStatus(
  db: Database,
  userId: string,
  status: SubscriptionStatus,
  options: { pastDueSince?: Date } = {},
): Promise<void> {
  await db.transaction(
    (tx) =>
      tx.query(
        'UPDATE billing_subscriptions SET status = $1, past_due_since = $2 WHERE user_id = $3',
        [status, options.pastDueSince ?? null, userId],
      ),
    { userId },
  );
}
