import { z } from 'zod';
import { DateStringSchema, IdSchema, MinorUnitsSchema } from '../domain';
import { call } from './defineCall';
import { NoInput } from './common';

/*
 * Rules: ordered "if these conditions hold, do these actions" over transactions.
 *
 * Matching is by plain text operators, never by a user-supplied regular expression: a
 * pattern like (a+)+$ would let one rule stall the app on every import (ReDoS).
 * Every list is bounded so a rule stays small and cheap to evaluate a million times.
 */

/** How a text condition compares; always case-insensitive. */
export const TEXT_OPERATORS = ['is', 'contains', 'starts_with', 'ends_with'] as const;
export const TextOperatorSchema = z.enum(TEXT_OPERATORS);
export type TextOperator = z.infer<typeof TextOperatorSchema>;

const MatchText = z.string().trim().min(1, 'the text to match is required').max(200);
const RuleName = z.string().trim().min(1, 'a name is required').max(120);
const TagName = z.string().trim().min(1).max(60);
const SplitMemo = z.string().trim().max(500).default('');
/** A size, not a signed amount: direction is the amount condition's `sign`. */
const Magnitude = MinorUnitsSchema.refine((value) => value >= 0, 'must not be negative');

export const AMOUNT_SIGNS = ['outflow', 'inflow'] as const;

export const RuleConditionSchema = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('payee'), op: TextOperatorSchema, value: MatchText }),
  z.strictObject({ field: z.literal('memo'), op: TextOperatorSchema, value: MatchText }),
  /**
   * `min`/`max` bound the amount's size (its absolute value), inclusive, so "between
   * 10.00 and 99.99" reads the same for a purchase and a refund; `sign` picks a direction
   * (outflow = negative, inflow = positive; a zero amount is neither).
   */
  z
    .strictObject({
      field: z.literal('amount'),
      min: Magnitude.optional(),
      max: Magnitude.optional(),
      sign: z.enum(AMOUNT_SIGNS).optional(),
    })
    .refine(
      (c) => c.min !== undefined || c.max !== undefined || c.sign !== undefined,
      'an amount condition needs min, max or sign',
    )
    .refine(
      (c) => c.min === undefined || c.max === undefined || c.min <= c.max,
      'min must not be greater than max',
    ),
  /** The transaction's account is one of these. */
  z.strictObject({
    field: z.literal('account'),
    accountIds: z.array(IdSchema).min(1).max(50),
  }),
]);
export type RuleCondition = z.infer<typeof RuleConditionSchema>;

const PercentPart = z.strictObject({
  categoryId: IdSchema.nullable().default(null),
  /** Hundredths of a percent: 2500 = 25 %. */
  basisPoints: z.number().int().min(1).max(10_000),
  memo: SplitMemo,
});
const FixedPart = z.strictObject({
  categoryId: IdSchema.nullable().default(null),
  /** A size in minor units; the part takes the transaction's sign. */
  amount: Magnitude.refine((value) => value > 0, 'must be positive'),
  memo: SplitMemo,
});
/**
 * Splits replace the transaction's category. A transaction that is already split keeps
 * its parts unless `replaceExistingSplit` is true (someone may have split it by hand).
 */
const ReplaceExisting = z.boolean().default(false);

export const RuleActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('set_category'), categoryId: IdSchema }),
  z.strictObject({
    type: z.literal('set_payee'),
    payee: z.string().trim().min(1, 'a payee name is required').max(200),
  }),
  z.strictObject({ type: z.literal('add_tags'), tags: z.array(TagName).min(1).max(20) }),
  z
    .strictObject({
      type: z.literal('split_percent'),
      parts: z.array(PercentPart).min(2).max(20),
      replaceExistingSplit: ReplaceExisting,
    })
    .refine(
      (a) => a.parts.reduce((total, part) => total + part.basisPoints, 0) === 10_000,
      'the parts must add up to 100 % (10000 basis points)',
    ),
  /** Fixed parts first, then one remainder line that takes whatever is left. */
  z.strictObject({
    type: z.literal('split_fixed'),
    parts: z.array(FixedPart).min(1).max(19),
    remainder: z.strictObject({
      categoryId: IdSchema.nullable().default(null),
      memo: SplitMemo,
    }),
    replaceExistingSplit: ReplaceExisting,
  }),
]);
export type RuleAction = z.infer<typeof RuleActionSchema>;
export type RuleActionInput = z.input<typeof RuleActionSchema>;

const CATEGORIZING: readonly RuleAction['type'][] = [
  'set_category',
  'split_percent',
  'split_fixed',
];

export const RuleConditionsSchema = z
  .array(RuleConditionSchema)
  .min(1, 'a rule needs at least one condition')
  .max(10);
export const RuleActionsSchema = z
  .array(RuleActionSchema)
  .min(1, 'a rule needs at least one action')
  .max(10)
  .refine(
    (actions) => actions.filter((a) => CATEGORIZING.includes(a.type)).length <= 1,
    'a rule may set the category or split, once',
  )
  .refine(
    (actions) => actions.filter((a) => a.type === 'set_payee').length <= 1,
    'a rule may set the payee once',
  );

export const RuleSchema = z.object({
  id: IdSchema,
  /** 1..n, dense; rules run in this order. */
  position: z.number().int().min(1),
  name: z.string(),
  enabled: z.boolean(),
  conditions: RuleConditionsSchema,
  actions: RuleActionsSchema,
  createdAt: z.string(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleInputSchema = z.strictObject({
  name: RuleName,
  enabled: z.boolean().default(true),
  conditions: RuleConditionsSchema,
  actions: RuleActionsSchema,
});
export type RuleInput = z.input<typeof RuleInputSchema>;

export const RulePatchSchema = z.strictObject({
  id: IdSchema,
  name: RuleName.optional(),
  enabled: z.boolean().optional(),
  conditions: RuleConditionsSchema.optional(),
  actions: RuleActionsSchema.optional(),
});
export type RulePatch = z.output<typeof RulePatchSchema>;

/** Which existing transactions a preview or apply looks at: transactions.list's filters. */
const SELECTION = {
  accountId: IdSchema.optional(),
  categoryId: IdSchema.optional(),
  uncategorized: z.boolean().optional(),
  from: DateStringSchema.optional(),
  to: DateStringSchema.optional(),
  minAmount: MinorUnitsSchema.optional(),
  maxAmount: MinorUnitsSchema.optional(),
};
export const RuleSelectionSchema = z.strictObject(SELECTION);
export type RuleSelection = z.output<typeof RuleSelectionSchema>;
export const RulePreviewInputSchema = z.strictObject({
  ...SELECTION,
  /** How many changes to list; `total` still counts them all. */
  limit: z.number().int().min(1).max(500).default(100),
});

const SplitLineSchema = z.object({
  categoryId: IdSchema.nullable(),
  amount: MinorUnitsSchema,
  memo: z.string(),
});

/** The rule-controlled fields; a preview lists only those that would change. */
export const RuleFieldsSchema = z.object({
  categoryId: IdSchema.nullable().optional(),
  payee: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  splits: z.array(SplitLineSchema).optional(),
});
export type RuleFields = z.infer<typeof RuleFieldsSchema>;

export const RuleChangeSchema = z.object({
  transactionId: IdSchema,
  accountId: IdSchema,
  date: DateStringSchema,
  amount: MinorUnitsSchema,
  payee: z.string().nullable(),
  memo: z.string(),
  before: RuleFieldsSchema,
  after: RuleFieldsSchema,
  /** The rules that changed something, in the order they ran. */
  ruleIds: z.array(IdSchema),
});
export type RuleChange = z.infer<typeof RuleChangeSchema>;

export const RulePreviewSchema = z.object({
  /** The first `limit` changes, oldest transaction first. */
  items: z.array(RuleChangeSchema),
  /** How many transactions would change in all. */
  total: z.number().int().min(0),
});
export type RulePreview = z.infer<typeof RulePreviewSchema>;

/** Rules: CRUD, order, and running them over existing transactions. */
export const rulesCalls = {
  'rules.list': call(NoInput, z.array(RuleSchema)),
  'rules.create': call(RuleInputSchema, RuleSchema),
  'rules.update': call(RulePatchSchema, RuleSchema),
  'rules.delete': call(z.strictObject({ id: IdSchema }), z.object({ deleted: z.number().int() })),
  /** Every rule's id exactly once, in the new order. */
  'rules.reorder': call(z.strictObject({ ids: z.array(IdSchema).max(1000) }), z.array(RuleSchema)),
  /** What `rules.apply` with the same filters would change; writes nothing. */
  'rules.preview': call(RulePreviewInputSchema, RulePreviewSchema),
  /** Runs every enabled rule over the selection: all or nothing, one database transaction. */
  'rules.apply': call(RuleSelectionSchema, z.object({ changed: z.number().int().min(0) })),
} as const;
