import { z } from 'zod';
import { DateStringSchema, IdSchema, MinorUnitsSchema } from '../domain';
import { call } from './defineCall';
import { NoInput, Secret } from './common';

/*
 * Categorization: suggestions from the local model (trained only on this vault's own
 * choices), rules first, and the opt-in AI helper. The API key goes in and is never
 * returned; the AI preview returns the exact request body that would be sent.
 */

const Confidence = z.number().min(0).max(1);

export const CategorySuggestionSchema = z.object({
  transactionId: IdSchema,
  date: DateStringSchema,
  payee: z.string().nullable(),
  memo: z.string(),
  amount: MinorUnitsSchema,
  categoryId: IdSchema,
  categoryName: z.string(),
  confidence: Confidence,
  source: z.enum(['rule', 'model', 'ai']),
  explanation: z.string(),
});
export type CategorySuggestionItem = z.infer<typeof CategorySuggestionSchema>;

export const AI_STATUSES = [
  'off',
  'preview-required',
  'nothing-to-send',
  'ok',
  'refused',
  'malformed',
  'failed',
] as const;

const AiStatusSchema = z.object({
  status: z.enum(AI_STATUSES),
  message: z.string().optional(),
});

export const CategorizeSettingsViewSchema = z.object({
  autoApplyConfidence: Confidence.nullable(),
  aiEnabled: z.boolean(),
  aiMode: z.enum(['own-key', 'relay']),
  aiPreviewSeen: z.boolean(),
  aiModel: z.string(),
  aiBaseUrl: z.string().nullable(),
  hasApiKey: z.boolean(),
});
export type CategorizeSettingsView = z.infer<typeof CategorizeSettingsViewSchema>;

const MinConfidence = z.number().min(0.5).max(1);

export const categorizeCalls = {
  'categorize.suggest': call(
    z.strictObject({ limit: z.number().int().min(1).max(10_000).default(500) }),
    z.object({ suggestions: z.array(CategorySuggestionSchema), ai: AiStatusSchema }),
  ),
  'categorize.apply': call(
    z.strictObject({ minConfidence: MinConfidence }),
    z.object({ applied: z.number().int().min(0), ai: AiStatusSchema }),
  ),
  'categorize.getSettings': call(NoInput, CategorizeSettingsViewSchema),
  'categorize.setAutoApply': call(
    z.strictObject({ autoApplyConfidence: MinConfidence.nullable() }),
    CategorizeSettingsViewSchema,
  ),
  'ai.preview': call(
    NoInput,
    z.object({
      /** The exact request bodies that would be sent, in order. */
      requests: z.array(z.record(z.string(), z.unknown())),
      items: z.number().int().min(0),
      transactions: z.number().int().min(0),
    }),
  ),
  'ai.enable': call(
    z.strictObject({
      mode: z.enum(['own-key', 'relay']),
      apiKey: Secret.optional(),
      model: z.string().trim().min(1).max(100).optional(),
    }),
    CategorizeSettingsViewSchema,
  ),
  'ai.disable': call(NoInput, CategorizeSettingsViewSchema),
} as const;
