import { z } from 'zod';

/* The wire schemas of /v1/billing (moved to src-shared when the desktop client needs them). */

export const SessionUrlSchema = z.object({
  /** Open in the system browser; card details are entered on Stripe's page, never ours. */
  url: z.string(),
});

export const SubscriptionStateSchema = z.object({
  /** "none", or Stripe's status of the best subscription (active, trialing, past_due...). */
  status: z.string(),
  /** Whether cloud features (bank sync, backups, AI) are available now. */
  entitled: z.boolean(),
  currentPeriodEnd: z.string().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  /** Set while past_due: cloud features stop after this instant unless payment succeeds. */
  graceUntil: z.string().nullable(),
});
export type SubscriptionState = z.infer<typeof SubscriptionStateSchema>;

export const WebhookAckSchema = z.object({ received: z.literal(true) });
