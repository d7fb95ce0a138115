import { z } from 'zod';
import { CurrencyCodeSchema, IdSchema, MinorUnitsSchema } from '../domain';
import { call } from './defineCall';
import { AccountTypeSchema } from './ledger';
import { NoInput } from './common';

/*
 * Linked banks (Plaid through Casike Cloud) and the Casike Cloud subscription (Stripe).
 * Links to Plaid and Stripe are opened in the system browser by the main process and never
 * handed to the renderer; a link session is referred to by an opaque id, never its token.
 */

/** A linked bank's id as the sync server names it (an opaque string, not one of our UUIDs). */
const ItemIdSchema = z.string().min(1).max(100);
const InstantSchema = z.string().max(40);

/** Where the cloud stands for this vault: not signed in, reachable, or not reachable now. */
export const CloudReachSchema = z.enum(['signed-out', 'online', 'offline']);
export type CloudReach = z.infer<typeof CloudReachSchema>;

export const BankAccountViewSchema = z.object({
  accountId: IdSchema,
  name: z.string(),
  currency: CurrencyCodeSchema,
  /** The vault account's type: on credit cards and loans `balanceCurrent` is what is owed. */
  accountType: AccountTypeSchema,
  balanceCurrent: MinorUnitsSchema.nullable(),
  balanceAvailable: MinorUnitsSchema.nullable(),
  balancesAt: InstantSchema.nullable(),
});
export type BankAccountView = z.infer<typeof BankAccountViewSchema>;

export const BankItemViewSchema = z.object({
  itemId: ItemIdSchema,
  institutionName: z.string().nullable(),
  /** `reconnect`: the bank wants the user to sign in again (update-mode Link). */
  status: z.enum(['ok', 'reconnect', 'unknown']),
  statusReason: z.string().nullable(),
  updatesAvailable: z.boolean(),
  linkedAt: InstantSchema,
  lastSyncedAt: InstantSchema.nullable(),
  accounts: z.array(BankAccountViewSchema),
});
export type BankItemView = z.infer<typeof BankItemViewSchema>;

export const BankListSchema = z.object({
  cloud: CloudReachSchema,
  /** Why the cloud is unavailable, in one line for people; null when online. */
  message: z.string().nullable(),
  /** From the server when online; from the vault's own record when offline. */
  items: z.array(BankItemViewSchema),
});
export type BankList = z.infer<typeof BankListSchema>;

const LinkIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

export const BankSyncResultSchema = z.object({
  itemId: ItemIdSchema,
  institutionName: z.string().nullable(),
  added: z.number().int().nonnegative(),
  modified: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  pendingReplaced: z.number().int().nonnegative(),
});

export const SUBSCRIPTION_STATUSES = [
  'none',
  'active',
  'trialing',
  'past_due',
  'canceled',
  'unpaid',
  'incomplete',
  'incomplete_expired',
  'paused',
  'other',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const BillingStatusSchema = z.object({
  cloud: CloudReachSchema,
  message: z.string().nullable(),
  /** The signed-in account's address; null when signed out. */
  email: z.string().max(320).nullable(),
  subscription: z
    .object({
      status: z.enum(SUBSCRIPTION_STATUSES),
      entitled: z.boolean(),
      currentPeriodEnd: InstantSchema.nullable(),
      cancelAtPeriodEnd: z.boolean(),
      /** past_due: cloud features keep working until then. */
      graceUntil: InstantSchema.nullable(),
    })
    .nullable(),
});
export type BillingStatus = z.infer<typeof BillingStatusSchema>;

const Opened = z.object({ opened: z.literal(true) });

export const banksCalls = {
  /** Linked banks, their accounts and balances; works offline from the vault's record. */
  'banks.list': call(NoInput, BankListSchema),
  /** Opens Plaid Hosted Link (update mode with `itemId`) in the system browser. */
  'banks.link': call(
    z.strictObject({ itemId: ItemIdSchema.optional() }),
    z.object({ linkId: LinkIdSchema, expiresAt: InstantSchema }),
  ),
  /** One check of a link session: `pending` until the user finishes in the browser. */
  'banks.linkStatus': call(
    z.strictObject({ linkId: LinkIdSchema }),
    z.object({
      status: z.enum(['pending', 'exited', 'linked', 'reconnected', 'expired']),
      institutions: z.array(z.string()),
    }),
  ),
  'banks.sync': call(
    z.strictObject({ itemId: ItemIdSchema.optional() }),
    z.object({ results: z.array(BankSyncResultSchema) }),
  ),
  /** Plaid's /item/remove through the server; the accounts and transactions stay. */
  'banks.unlink': call(
    z.strictObject({ itemId: ItemIdSchema }),
    z.object({ unlinked: z.literal(true) }),
  ),
} as const;

export const billingCalls = {
  'billing.status': call(NoInput, BillingStatusSchema),
  /** Opens Stripe Checkout in the system browser. */
  'billing.checkout': call(NoInput, Opened),
  /** Opens the Stripe Customer Portal in the system browser. */
  'billing.portal': call(NoInput, Opened),
} as const;
