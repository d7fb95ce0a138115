import { z } from 'zod';
import { CurrencyCodeSchema, DateStringSchema, IdSchema, MinorUnitsSchema } from '../domain';
import { call } from './defineCall';
import { NoInput, shortText } from './common';

export const ACCOUNT_TYPES = [
  'checking',
  'savings',
  'credit_card',
  'cash',
  'loan',
  'other',
] as const;
export const AccountTypeSchema = z.enum(ACCOUNT_TYPES);
const Name = z.string().trim().min(1, 'a name is required').max(120);

export const AccountSchema = z.object({
  id: IdSchema,
  name: z.string(),
  type: AccountTypeSchema,
  currency: CurrencyCodeSchema,
  openingBalance: MinorUnitsSchema,
  balance: MinorUnitsSchema,
  archived: z.boolean(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;

export const CategorySchema = z.object({
  id: IdSchema,
  groupId: IdSchema,
  name: z.string(),
  hidden: z.boolean(),
});
export const CategoryGroupSchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: z.enum(['income', 'expense']),
  hidden: z.boolean(),
  categories: z.array(CategorySchema),
});
export type Category = z.infer<typeof CategorySchema>;
export type CategoryGroup = z.infer<typeof CategoryGroupSchema>;

export const PayeeSchema = z.object({ id: IdSchema, name: z.string() });
export type Payee = z.infer<typeof PayeeSchema>;

export const SplitSchema = z.object({
  id: IdSchema,
  categoryId: IdSchema.nullable(),
  amount: MinorUnitsSchema,
  memo: z.string(),
});
export const SplitInputSchema = z.strictObject({
  categoryId: IdSchema.nullable().default(null),
  amount: MinorUnitsSchema,
  memo: shortText(500).default(''),
});

export const TRANSACTION_STATUSES = ['pending', 'cleared'] as const;
const TagName = z.string().trim().min(1).max(60);

export const TransactionSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  date: DateStringSchema,
  amount: MinorUnitsSchema,
  payeeId: IdSchema.nullable(),
  payee: z.string().nullable(),
  memo: z.string(),
  categoryId: IdSchema.nullable(),
  status: z.enum(TRANSACTION_STATUSES),
  externalId: z.string().nullable(),
  transfer: z.object({ transactionId: IdSchema, accountId: IdSchema }).nullable(),
  splits: z.array(SplitSchema),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Transaction = z.infer<typeof TransactionSchema>;

/** A new transaction. The payee is a name: an unknown name creates the payee. */
export const TransactionInputSchema = z.strictObject({
  accountId: IdSchema,
  date: DateStringSchema,
  amount: MinorUnitsSchema,
  payee: z.string().trim().max(200).nullable().default(null),
  memo: shortText(1000).default(''),
  categoryId: IdSchema.nullable().default(null),
  status: z.enum(TRANSACTION_STATUSES).default('cleared'),
  tags: z.array(TagName).max(50).default([]),
  splits: z.array(SplitInputSchema).max(100).default([]),
  externalId: z.string().trim().min(1).max(200).nullable().default(null),
  /** Run the rules on it (the default); imports and previews may turn this off. */
  applyRules: z.boolean().default(true),
});
export type TransactionInput = z.input<typeof TransactionInputSchema>;
export type ParsedTransactionInput = z.output<typeof TransactionInputSchema>;

export const TransactionPatchSchema = z.strictObject({
  accountId: IdSchema.optional(),
  date: DateStringSchema.optional(),
  amount: MinorUnitsSchema.optional(),
  payee: z.string().trim().max(200).nullable().optional(),
  memo: shortText(1000).optional(),
  categoryId: IdSchema.nullable().optional(),
  status: z.enum(TRANSACTION_STATUSES).optional(),
  tags: z.array(TagName).max(50).optional(),
  /** Replaces all splits; [] turns a split transaction back into a plain one. */
  splits: z.array(SplitInputSchema).max(100).optional(),
});
export type TransactionPatch = z.infer<typeof TransactionPatchSchema>;

export const TRANSACTION_SORTS = ['date_desc', 'date_asc', 'amount_desc', 'amount_asc'] as const;

export const TransactionQuerySchema = z.strictObject({
  search: z.string().trim().max(200).optional(),
  accountId: IdSchema.optional(),
  categoryId: IdSchema.optional(),
  uncategorized: z.boolean().optional(),
  from: DateStringSchema.optional(),
  to: DateStringSchema.optional(),
  minAmount: MinorUnitsSchema.optional(),
  maxAmount: MinorUnitsSchema.optional(),
  sort: z.enum(TRANSACTION_SORTS).default('date_desc'),
  limit: z.number().int().min(1).max(500).default(100),
  /** Opaque; from the previous page's nextCursor. */
  cursor: z.string().max(100).optional(),
});
export type TransactionQuery = z.input<typeof TransactionQuerySchema>;
export type ParsedTransactionQuery = z.output<typeof TransactionQuerySchema>;

export const TransactionPageSchema = z.object({
  items: z.array(TransactionSchema),
  nextCursor: z.string().nullable(),
});

export const TransferInputSchema = z.strictObject({
  fromAccountId: IdSchema,
  toAccountId: IdSchema,
  date: DateStringSchema,
  /** Positive: what leaves the source account. */
  amount: MinorUnitsSchema.refine((value) => value > 0, 'the amount must be positive'),
  /** What arrives, when the two accounts have different currencies. */
  toAmount: MinorUnitsSchema.refine((value) => value > 0, 'the amount must be positive').optional(),
  memo: shortText(1000).default(''),
});

export const BulkEditSchema = z.strictObject({
  ids: z.array(IdSchema).min(1).max(10_000),
  set: z.strictObject({
    categoryId: IdSchema.nullable().optional(),
    payee: z.string().trim().max(200).nullable().optional(),
    status: z.enum(TRANSACTION_STATUSES).optional(),
    memo: shortText(1000).optional(),
    addTags: z.array(TagName).max(50).optional(),
    removeTags: z.array(TagName).max(50).optional(),
  }),
});

const IdInput = z.strictObject({ id: IdSchema });

/** Accounts, categories, payees and transactions. */
export const ledgerCalls = {
  'accounts.list': call(
    z.strictObject({ includeArchived: z.boolean().default(false) }),
    z.array(AccountSchema),
  ),
  'accounts.create': call(
    z.strictObject({
      name: Name,
      type: AccountTypeSchema,
      currency: CurrencyCodeSchema,
      openingBalance: MinorUnitsSchema.default(0),
    }),
    AccountSchema,
  ),
  'accounts.update': call(
    z.strictObject({
      id: IdSchema,
      name: Name.optional(),
      type: AccountTypeSchema.optional(),
      openingBalance: MinorUnitsSchema.optional(),
      archived: z.boolean().optional(),
    }),
    AccountSchema,
  ),

  'categories.list': call(NoInput, z.array(CategoryGroupSchema)),
  'categories.createGroup': call(
    z.strictObject({ name: Name, kind: z.enum(['income', 'expense']) }),
    CategoryGroupSchema,
  ),
  'categories.create': call(z.strictObject({ groupId: IdSchema, name: Name }), CategorySchema),
  'categories.update': call(
    z.strictObject({
      id: IdSchema,
      name: Name.optional(),
      hidden: z.boolean().optional(),
      groupId: IdSchema.optional(),
    }),
    CategorySchema,
  ),
  'categories.delete': call(
    z.strictObject({ id: IdSchema, reassignTo: IdSchema.nullable().default(null) }),
    z.object({ reassigned: z.number().int() }),
  ),

  'payees.list': call(
    z.strictObject({
      search: z.string().trim().max(200).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    z.array(PayeeSchema),
  ),
  'payees.rename': call(z.strictObject({ id: IdSchema, name: Name }), PayeeSchema),
  'payees.merge': call(
    z.strictObject({ sourceIds: z.array(IdSchema).min(1).max(1000), targetId: IdSchema }),
    z.object({ moved: z.number().int() }),
  ),

  'transactions.list': call(TransactionQuerySchema, TransactionPageSchema),
  'transactions.get': call(IdInput, TransactionSchema),
  'transactions.create': call(TransactionInputSchema, TransactionSchema),
  'transactions.update': call(
    z.strictObject({ id: IdSchema, patch: TransactionPatchSchema }),
    TransactionSchema,
  ),
  'transactions.delete': call(IdInput, z.object({ deleted: z.number().int() })),
  'transactions.transfer': call(
    TransferInputSchema,
    z.object({ from: TransactionSchema, to: TransactionSchema }),
  ),
  'transactions.bulkEdit': call(BulkEditSchema, z.object({ updated: z.number().int() })),
} as const;
