/**
 * Categorization that learns locally: an exact-merchant memory plus a naive Bayes
 * over the user's own filing choices (kept in the vault by triggers), rules first,
 * and an opt-in AI helper that only ever sees scrubbed merchant text.
 */
export { merchantKey, merchantWords, features } from './normalize';
export { CategoryModel, type TrainingExample, type Prediction } from './model';
export { vaultModel } from './trainingData';
export { suggestCategories, explain, type CategorySuggestion } from './suggest';
export {
  suggest,
  applySuggestions,
  autoCategorize,
  aiPreview,
  enableAi,
  disableAi,
  type Suggestion,
  type SuggestResult,
  type AiPreview,
} from './categorizeService';
export {
  readCategorizeSettings,
  writeCategorizeSettings,
  readOpenAiKey,
  type CategorizeSettings,
} from './settings';
export { scrubDescription, accountWordsOf } from '../../../src-shared/domain/ai';
export { openAiTransport, assertSafeBaseUrl, type AiTransport } from './ai/openAiTransport';
