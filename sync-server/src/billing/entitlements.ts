import type { StoredSubscription } from './subscriptions';

/*
 * Entitlement is derived from subscription state, nothing else. Cloud features (bank sync,
 * backups, AI relay) need an active or trialing subscription; a past_due one keeps working
 * for a grace period counted from when we first saw it past_due, so a card that expired
 * over the weekend does not cut anyone off. The local app never asks.
 */

export type Feature = 'cloud';

export const PAST_DUE_GRACE_DAYS = 7;

export type Entitlement =
  | { entitled: true; status: string; graceUntil: Date | null }
  | { entitled: false; status: string; reason: 'no_subscription' | 'lapsed' | 'grace_over' };

const STATUS_RANK: Readonly<Record<string, number>> = { active: 3, trialing: 3, past_due: 2 };

/** The best standing among a user's subscriptions at `now`. */
export function entitlementOf(
  subscriptions: readonly StoredSubscription[],
  now: Date,
): Entitlement {
  const best = [...subscriptions].sort(
    (a, b) => (STATUS_RANK[b.status] ?? 0) - (STATUS_RANK[a.status] ?? 0),
  )[0];
  if (best === undefined) return { entitled: false, status: 'none', reason: 'no_subscription' };
  if (best.status === 'active' || best.status === 'trialing')
    return { entitled: true, status: best.status, graceUntil: null };
  if (best.status === 'past_due') {
    const since = best.pastDueSince ?? best.fetchedAt;
    const graceUntil = new Date(since.getTime() + PAST_DUE_GRACE_DAYS * 86_400_000);
    return now < graceUntil
      ? { entitled: true, status: best.status, graceUntil }
      : { entitled: false, status: best.status, reason: 'grace_over' };
  }
  return { entitled: false, status: best.status, reason: 'lapsed' };
}

/** What a refused caller reads: what is missing and how to fix it. */
export function refusalMessage(
  feature: Feature,
  e: Extract<Entitlement, { entitled: false }>,
): string {
  const what = feature === 'cloud' ? 'This cloud feature (bank sync, backups, AI)' : 'This feature';
  switch (e.reason) {
    case 'no_subscription':
      return `${what} needs a Casike Cloud subscription. Subscribe with \`casike cloud subscribe\` or in Settings → Subscription; everything local keeps working.`;
    case 'grace_over':
      return `${what} is paused: the last payment failed more than ${PAST_DUE_GRACE_DAYS} days ago. Update your card with \`casike cloud billing\`; everything local keeps working.`;
    case 'lapsed':
      return `${what} is paused: your Casike Cloud subscription is ${e.status}. Renew with \`casike cloud subscribe\`; everything local keeps working.`;
  }
}
