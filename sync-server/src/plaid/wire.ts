import { z } from 'zod';

/*
 * The wire schemas of /v1/plaid. The relay passes Plaid's facts through with our names
 * and nothing more; in particular `plaidAmount` keeps Plaid's sign convention (positive =
 * money leaving the account) and Plaid's decimal form, because the client converts sign
 * and minor units exactly once, at its boundary (DESIGN.md, "Money"). When the desktop
 * client arrives these move to src-shared so both sides parse with one definition.
 */

const id = z.string().min(1).max(200);

export const ItemIdParamsSchema = z.strictObject({ id: z.uuid() });

export const LinkTokenRequestSchema = z.strictObject({
  /** Our item id: update mode, to reconnect an item that needs the user's sign-in again. */
  itemId: z.uuid().optional(),
});

export const LinkTokenResponseSchema = z.object({
  linkSessionId: z.uuid(),
  /** Hand back to POST /v1/plaid/exchange; it names the session to Plaid. */
  linkToken: z.string(),
  /** Open in the system browser. */
  hostedLinkUrl: z.string(),
  expiresAt: z.string(),
});

export const ExchangeRequestSchema = z.strictObject({ linkToken: z.string().min(1).max(500) });

export const ItemSchema = z.object({
  id: z.uuid(),
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  /** "reconnect": the bank wants the user to sign in again (update-mode Link). */
  status: z.enum(['ok', 'reconnect']),
  statusReason: z.string().nullable(),
  /** Plaid said new transactions are ready (SYNC_UPDATES_AVAILABLE). */
  updatesAvailable: z.boolean(),
  createdAt: z.string(),
  lastSyncedAt: z.string().nullable(),
});
export type ItemWire = z.infer<typeof ItemSchema>;

export const ExchangeResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending') }),
  z.object({ status: z.literal('exited') }),
  z.object({ status: z.literal('reconnected'), item: ItemSchema }),
  z.object({ status: z.literal('linked'), items: z.array(ItemSchema) }),
]);

export const ItemListSchema = z.object({ items: z.array(ItemSchema) });

export const SyncRequestSchema = z.strictObject({
  /** The cursor the client's vault has reached; absent = from the beginning. */
  cursor: z
    .string()
    .max(1000)
    // Plaid's cursors are base64 text: printable ASCII, no spaces, quotes or controls.
    .regex(/^[A-Za-z0-9+/=_.~-]*$/, 'must be a cursor this server returned')
    .optional(),
});

const CategorySchema = z.object({
  primary: z.string(),
  detailed: z.string(),
  confidenceLevel: z.string().nullable(),
});

export const RelayedTransactionSchema = z.object({
  transactionId: id,
  accountId: id,
  /** Plaid's convention: positive = money out. Not yet converted. */
  plaidAmount: z.number(),
  isoCurrencyCode: z.string().nullable(),
  unofficialCurrencyCode: z.string().nullable(),
  date: z.string(),
  authorizedDate: z.string().nullable(),
  name: z.string(),
  merchantName: z.string().nullable(),
  pending: z.boolean(),
  pendingTransactionId: z.string().nullable(),
  personalFinanceCategory: CategorySchema.nullable(),
  paymentChannel: z.string().nullable(),
});
export type RelayedTransaction = z.infer<typeof RelayedTransactionSchema>;

export const RelayedAccountSchema = z.object({
  accountId: id,
  name: z.string(),
  officialName: z.string().nullable(),
  mask: z.string().nullable(),
  type: z.string(),
  subtype: z.string().nullable(),
  balances: z.object({
    available: z.number().nullable(),
    current: z.number().nullable(),
    limit: z.number().nullable(),
    isoCurrencyCode: z.string().nullable(),
    unofficialCurrencyCode: z.string().nullable(),
  }),
});
export type RelayedAccount = z.infer<typeof RelayedAccountSchema>;

export const SyncResponseSchema = z.object({
  item: ItemSchema,
  /** In Plaid's order, every page concatenated: apply added, then modified, then removed. */
  added: z.array(RelayedTransactionSchema),
  modified: z.array(RelayedTransactionSchema),
  removed: z.array(z.object({ transactionId: id, accountId: id.nullable() })),
  /** Store this once everything above is applied; send it with the next sync. */
  nextCursor: z.string(),
  /** True only when the run was cut at the page cap: call again with nextCursor. */
  hasMore: z.boolean(),
  pages: z.number().int(),
  /** Pagination restarted because the data changed under it. */
  restarts: z.number().int(),
  accounts: z.array(RelayedAccountSchema),
});
export type SyncResponse = z.infer<typeof SyncResponseSchema>;

export const DeletedSchema = z.object({ deleted: z.literal(true) });
