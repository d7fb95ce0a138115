import type { BillingStatus } from '../../../../src-shared/contract';
import { BridgeError, humanMessage, UserInputError } from '../../api/errors';

/*
 * Sentences for the Banks screen and the Subscription section. The core's cloud errors are
 * already one line written for people ("…will sync when you are online (nothing was
 * changed)", "a subscription is needed…"), so they are shown as they are; anything else
 * gets the app's generic sentence for its code.
 */

const CLOUD_CODES = new Set(['BUSY', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION', 'CONFLICT']);

export function cloudErrorText(error: unknown): string {
  if (
    error instanceof BridgeError &&
    CLOUD_CODES.has(error.code) &&
    error.detail.length > 0 &&
    error.detail.length <= 300
  ) {
    const text = error.detail.trim();
    const sentence = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  return humanMessage(error);
}

/** Runs a cloud call so that useAction shows the core's own sentence when it fails. */
export async function cloudCall<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw new UserInputError(cloudErrorText(error));
  }
}

const instantFormatter = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const dayFormatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An ISO instant in the user's locale and time zone ("Nov 22, 2026, 7:05 AM"). */
export function instant(iso: string | null, fallback = 'never'): string {
  if (iso === null) return fallback;
  const parsed = Date.parse(iso);
  return Number.isNaN(parsed) ? iso : instantFormatter.format(parsed);
}

export function day(iso: string | null): string {
  if (iso === null) return 'an unknown date';
  const parsed = Date.parse(iso);
  return Number.isNaN(parsed) ? iso : dayFormatter.format(parsed);
}

export interface PlanSummary {
  /** Short label for a badge. */
  label: string;
  /** One or two sentences for people. */
  text: string;
  /** Whether Subscribe (Checkout) makes sense now, rather than Manage billing. */
  canSubscribe: boolean;
  entitled: boolean;
}

/** What the plan means for the user, in words. */
export function planSummary(status: BillingStatus): PlanSummary {
  const s = status.subscription;
  if (status.cloud === 'signed-out')
    return {
      label: 'Not signed in',
      text: 'You are not signed in to Casike Cloud. Everything on this device works without it; bank sync, cloud backups and the AI relay need an account and a subscription.',
      canSubscribe: false,
      entitled: false,
    };
  if (s === null)
    return {
      label: 'Unknown',
      text: status.message ?? 'Your plan cannot be checked right now.',
      canSubscribe: false,
      entitled: false,
    };
  switch (s.status) {
    case 'none':
      return {
        label: 'No subscription',
        text: 'No subscription yet. Subscribe to link banks and sync them; everything else keeps working without one.',
        canSubscribe: true,
        entitled: false,
      };
    case 'active':
      return {
        label: 'Active',
        text: s.cancelAtPeriodEnd
          ? `Active until ${day(s.currentPeriodEnd)}, then it ends (you cancelled it).`
          : `Active. Renews on ${day(s.currentPeriodEnd)}.`,
        canSubscribe: false,
        entitled: s.entitled,
      };
    case 'trialing':
      return {
        label: 'Trial',
        text: `Free trial until ${day(s.currentPeriodEnd)}.`,
        canSubscribe: false,
        entitled: s.entitled,
      };
    case 'past_due':
      return {
        label: 'Payment failed',
        text: s.entitled
          ? `The last payment failed. Cloud features keep working until ${day(s.graceUntil)}; update your card in Manage billing.`
          : 'The last payment failed and the grace period is over: cloud features are paused until the card is updated in Manage billing. Everything on this device keeps working.',
        canSubscribe: false,
        entitled: s.entitled,
      };
    case 'canceled':
      return {
        label: 'Canceled',
        text: 'The subscription has ended. Bank sync is paused; your accounts and transactions stay on this device. Subscribe again to resume.',
        canSubscribe: true,
        entitled: false,
      };
    default:
      return {
        label: s.status.replace(/_/g, ' '),
        text: s.entitled
          ? 'Cloud features are on.'
          : 'Cloud features are paused. Open Manage billing to see why; everything on this device keeps working.',
        canSubscribe: false,
        entitled: s.entitled,
      };
  }
}
