import {
  SUBSCRIPTION_STATUSES,
  type BillingStatus,
  type SubscriptionStatus,
} from '../../../src-shared/contract/banks';
import { authorizedClient, CloudError } from '../cloud';
import type { UnlockedVault } from '../vault';
import { subscriptionStatus } from './bankSync';

/*
 * The Subscription section's view: signed out, the cloud unreachable, or the plan as the
 * server derives it from Stripe. Stripe may add statuses; an unknown one shows as "other"
 * rather than failing the screen.
 */

function knownStatus(status: string): SubscriptionStatus {
  return (SUBSCRIPTION_STATUSES as readonly string[]).includes(status)
    ? (status as SubscriptionStatus)
    : 'other';
}

export async function billingOverview(vault: UnlockedVault): Promise<BillingStatus> {
  let email: string;
  try {
    email = authorizedClient(vault).session.email;
  } catch (error) {
    if (error instanceof CloudError && error.failure === 'not_signed_in')
      return {
        cloud: 'signed-out',
        message: 'Not signed in to Casike Cloud.',
        email: null,
        subscription: null,
      };
    throw error;
  }
  try {
    const s = await subscriptionStatus(vault);
    return {
      cloud: 'online',
      message: null,
      email,
      subscription: { ...s, status: knownStatus(s.status) },
    };
  } catch (error) {
    if (!(error instanceof CloudError)) throw error;
    if (error.failure === 'not_signed_in')
      return { cloud: 'signed-out', message: error.message, email: null, subscription: null };
    if (error.failure === 'unreachable' || error.failure === 'server_error')
      return {
        cloud: 'offline',
        message: 'Casike Cloud cannot be reached right now; your plan shows when you are online.',
        email,
        subscription: null,
      };
    throw error;
  }
}
