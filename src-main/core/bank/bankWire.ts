import { z } from 'zod';

/*
 * The sync server's /v1/plaid and /v1/billing answers (docs/api.md), parsed at the
 * boundary. Amounts stay in Plaid's convention here (positive = money out, decimal):
 * plaidMapping.ts converts them, once, on the way into the vault.
 */

export const BankItemSchema = z.object({
  id: z.string().min(1).max(100),
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  status: z.enum(['ok', 'reconnect']),
  statusReason: z.string().nullable(),
  updatesAvailable: z.boolean(),
  createdAt: z.string(),
  lastSyncedAt: z.string().nullable(),
});
export type BankItem = z.infer<typeof BankItemSchema>;

export const LinkTokenSchema = z.object({
  linkSessionId: z.string(),
  linkToken: z.string().min(1),
  hostedLinkUrl: z.url(),
  expiresAt: z.string(),
});

export const ExchangeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending') }),
  z.object({ status: z.literal('exited') }),
  z.object({ status: z.literal('linked'), items: z.array(BankItemSchema) }),
  z.object({ status: z.literal('reconnected'), item: BankItemSchema }),
]);
export type ExchangeResult = z.infer<typeof ExchangeSchema>;

export const ItemsSchema = z.object({ items: z.array(BankItemSchema) });

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

export const PlaidTransactionSchema = z.object({
  transactionId: z.string().min(1).max(200),
  accountId: z.string().min(1).max(200),
  plaidAmount: z.number().finite(),
  isoCurrencyCode: nullableString,
  unofficialCurrencyCode: nullableString,
  date: z.iso.date(),
  authorizedDate: nullableString,
  name: z.string(),
  merchantName: nullableString,
  pending: z.boolean(),
  pendingTransactionId: nullableString,
  personalFinanceCategory: z
    .object({ primary: z.string(), detailed: z.string(), confidenceLevel: nullableString })
    .nullish()
    .transform((v) => v ?? null),
  paymentChannel: nullableString,
});
export type PlaidTransaction = z.infer<typeof PlaidTransactionSchema>;

export const PlaidAccountSchema = z.object({
  accountId: z.string().min(1).max(200),
  name: z.string(),
  officialName: nullableString,
  mask: nullableString,
  type: z.string(),
  subtype: nullableString,
  balances: z.object({
    available: z.number().finite().nullish(),
    current: z.number().finite().nullish(),
    limit: z.number().finite().nullish(),
    isoCurrencyCode: nullableString,
    unofficialCurrencyCode: nullableString,
  }),
});
export type PlaidAccount = z.infer<typeof PlaidAccountSchema>;

export const SyncResponseSchema = z.object({
  item: BankItemSchema,
  added: z.array(PlaidTransactionSchema),
  modified: z.array(PlaidTransactionSchema),
  removed: z.array(z.object({ transactionId: z.string(), accountId: nullableString })),
  nextCursor: z.string(),
  hasMore: z.boolean(),
  pages: z.number().int(),
  restarts: z.number().int(),
  accounts: z.array(PlaidAccountSchema),
});
export type SyncResponse = z.infer<typeof SyncResponseSchema>;

export const DeletedSchema = z.object({ deleted: z.literal(true) });

export const BillingUrlSchema = z.object({ url: z.url() });
export const SubscriptionSchema = z.object({
  status: z.string(),
  entitled: z.boolean(),
  currentPeriodEnd: z.string().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  graceUntil: z.string().nullable(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;
