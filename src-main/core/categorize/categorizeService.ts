import { CoreError, invalid } from '../coreError';
import type { UnlockedVault } from '../vault';
import { bulkEditTransactions } from '../ledger';
import { prepareAiBatches, runAiBatch, type AiSuggestion } from './ai/aiCategorize';
import type { AiRequestBody } from '../../../src-shared/domain/ai';
import { openAiTransport, type AiTransport } from './ai/openAiTransport';
import { relayTransport } from './ai/relayTransport';
import { authorizedClient } from '../cloud';
import {
  readCategorizeSettings,
  readOpenAiKey,
  writeCategorizeSettings,
  writeOpenAiKey,
  type CategorizeSettings,
} from './settings';
import { suggestCategories, type CategorySuggestion } from './suggest';

type Vault = UnlockedVault;

export interface Suggestion extends Omit<CategorySuggestion, 'source'> {
  source: 'rule' | 'model' | 'ai';
}

export interface SuggestResult {
  suggestions: Suggestion[];
  /** What happened with the AI helper: off (default), or the outcome of its one request. */
  ai: {
    status:
      'off' | 'preview-required' | 'nothing-to-send' | 'ok' | 'refused' | 'malformed' | 'failed';
    message?: string;
  };
}

export interface SuggestOptions {
  limit: number;
  /** For tests and the relay: how to reach the model. Defaults to the user's own key. */
  transport?: AiTransport;
}

/**
 * Local suggestions first (rules, then the model). Only when the user switched the AI
 * helper on and has seen the preview does one request go out, for the transactions the
 * local model is unsure about; with the helper off this function makes no network
 * request at all.
 */
export async function suggest(vault: Vault, options: SuggestOptions): Promise<SuggestResult> {
  const local: Suggestion[] = suggestCategories(vault.db, options.limit);
  const settings = readCategorizeSettings(vault.db);
  if (!settings.aiEnabled) return { suggestions: local, ai: { status: 'off' } };
  if (!settings.aiPreviewSeen) {
    return {
      suggestions: local,
      ai: {
        status: 'preview-required',
        message: 'Look at the AI preview once before anything is sent.',
      },
    };
  }
  const batches = prepareAiBatches(vault.db, {
    unsureBelow: settings.autoApplyConfidence ?? 0.9,
    scanLimit: options.limit,
  });
  if (batches.length === 0) return { suggestions: local, ai: { status: 'nothing-to-send' } };
  const answers: AiSuggestion[] = [];
  try {
    const transport = options.transport ?? transportFor(vault, settings);
    for (const batch of batches) {
      const outcome = await runAiBatch(vault, batch, transport, settings.aiMode);
      // One bad answer stops the run: nothing from a misbehaving model is trusted.
      if (outcome.status !== 'ok')
        return { suggestions: local, ai: { status: outcome.status, message: outcome.message } };
      answers.push(...outcome.suggestions);
    }
  } catch (error) {
    return { suggestions: local, ai: { status: 'failed', message: aiFailure(error) } };
  }
  const merged = new Map(local.map((s) => [s.transactionId, s]));
  for (const answer of answers) {
    const existing = merged.get(answer.transactionId);
    if (existing && existing.confidence >= answer.confidence) continue;
    const base = existing ?? local.find((s) => s.transactionId === answer.transactionId);
    const row = vault.db
      .prepare(
        `SELECT t.date, t.amount, t.memo, p.name AS payee FROM transactions t
         LEFT JOIN payees p ON p.id = t.payee_id WHERE t.id = ?`,
      )
      .get(answer.transactionId) as
      { date: string; amount: number; memo: string; payee: string | null } | undefined;
    if (!row && !base) continue;
    merged.set(answer.transactionId, {
      transactionId: answer.transactionId,
      date: base?.date ?? row?.date ?? '',
      payee: base?.payee ?? row?.payee ?? null,
      memo: base?.memo ?? row?.memo ?? '',
      amount: base?.amount ?? row?.amount ?? 0,
      categoryId: answer.categoryId,
      categoryName: answer.categoryName,
      confidence: answer.confidence,
      source: 'ai',
      explanation: `The AI helper suggested ${answer.categoryName} from the merchant's name.`,
    });
  }
  return { suggestions: [...merged.values()], ai: { status: 'ok' } };
}

/**
 * Files the suggestions at or above `minConfidence`, all or nothing, through the ledger
 * (so totals and the model's counts follow). One audit event with the count.
 */
export async function applySuggestions(
  vault: Vault,
  minConfidence: number,
  options: Omit<SuggestOptions, 'limit'> & { limit?: number } = {},
): Promise<{ applied: number; ai: SuggestResult['ai'] }> {
  const { suggestions, ai } = await suggest(vault, { limit: options.limit ?? 100_000, ...options });
  const applied = fileSuggestions(vault, suggestions, minConfidence, 'manual');
  return { applied, ai };
}

/**
 * After new transactions arrive (an import), files the local model's suggestions at or
 * above the user's auto-apply confidence. Local only: the AI helper is never asked
 * from here. Returns how many were filed; 0 when auto-apply is off (the default).
 */
export function autoCategorize(vault: Vault, scanLimit: number): number {
  const threshold = readCategorizeSettings(vault.db).autoApplyConfidence;
  if (threshold === null || scanLimit <= 0) return 0;
  const local = suggestCategories(vault.db, scanLimit).filter((s) => s.source === 'model');
  return fileSuggestions(vault, local, threshold, 'import');
}

/** Files suggestions at or above `minConfidence` in one transaction, through the ledger; audits the count. */
function fileSuggestions(
  vault: Vault,
  suggestions: readonly Pick<Suggestion, 'transactionId' | 'categoryId' | 'confidence'>[],
  minConfidence: number,
  trigger: 'manual' | 'import',
): number {
  const byCategory = new Map<string, string[]>();
  for (const suggestion of suggestions) {
    if (suggestion.confidence < minConfidence) continue;
    const ids = byCategory.get(suggestion.categoryId) ?? [];
    ids.push(suggestion.transactionId);
    byCategory.set(suggestion.categoryId, ids);
  }
  const { db } = vault;
  const applied = db.transaction(() => {
    let count = 0;
    for (const [categoryId, ids] of byCategory)
      count += bulkEditTransactions(db, { ids, set: { categoryId } });
    return count;
  })();
  if (trigger === 'manual' || applied > 0) {
    vault.audit('categorize.applied', {
      count: applied,
      minConfidence,
      ...(trigger === 'import' ? { trigger } : {}),
    });
  }
  return applied;
}

export interface AiPreview {
  /** The exact request bodies that would be sent, in order; empty when nothing would be. */
  requests: AiRequestBody[];
  items: number;
  transactions: number;
}

/** Shows exactly what the AI helper would send, and records that the user has seen it. */
export function aiPreview(vault: Vault): AiPreview {
  const settings = readCategorizeSettings(vault.db);
  const batches = prepareAiBatches(vault.db, { unsureBelow: settings.autoApplyConfidence ?? 0.9 });
  if (!settings.aiPreviewSeen) writeCategorizeSettings(vault.db, { aiPreviewSeen: true });
  let items = 0;
  let transactions = 0;
  for (const batch of batches) {
    items += batch.transactionsByItem.size;
    for (const ids of batch.transactionsByItem.values()) transactions += ids.length;
  }
  return { requests: batches.map((batch) => batch.body), items, transactions };
}

export interface AiEnableInput {
  mode: CategorizeSettings['aiMode'];
  apiKey?: string | undefined;
  baseUrl?: string | null | undefined;
  model?: string | undefined;
}

export function enableAi(vault: Vault, input: AiEnableInput): CategorizeSettings {
  const { db } = vault;
  // The relay runs over the cloud session: refuse now, not at the first suggestion.
  if (input.mode === 'relay') authorizedClient(vault);
  if (input.mode === 'own-key') {
    const key = input.apiKey ?? readOpenAiKey(db);
    if (!key) throw invalid('an OpenAI API key is needed to use your own key');
    if (input.apiKey) writeOpenAiKey(db, input.apiKey);
  }
  if (input.baseUrl) openAiTransport('check', input.baseUrl);
  const settings = writeCategorizeSettings(db, {
    aiEnabled: true,
    aiMode: input.mode,
    ...(input.baseUrl !== undefined ? { aiBaseUrl: input.baseUrl } : {}),
    ...(input.model !== undefined ? { aiModel: input.model } : {}),
  });
  vault.audit('settings.changed', { setting: 'categorize.ai', value: `enabled:${input.mode}` });
  return settings;
}

/** Switches the helper off and forgets the user's key. */
export function disableAi(vault: Vault): CategorizeSettings {
  writeOpenAiKey(vault.db, null);
  const settings = writeCategorizeSettings(vault.db, { aiEnabled: false });
  vault.audit('settings.changed', { setting: 'categorize.ai', value: 'disabled' });
  return settings;
}

function transportFor(vault: Vault, settings: CategorizeSettings): AiTransport {
  if (settings.aiMode === 'relay') return relayTransport(vault);
  const key = readOpenAiKey(vault.db);
  if (!key) throw invalid('no OpenAI API key is stored; enable the AI helper with your key');
  return openAiTransport(key, settings.aiBaseUrl);
}

/** A one-line reason, without anything the SDK might echo back (keys, payloads). */
function aiFailure(error: unknown): string {
  // Our own errors (including the cloud client's, e.g. "needs a subscription") are
  // already one line for people.
  if (error instanceof CoreError) return error.message;
  const status =
    typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  if (status === 401) return 'The AI provider rejected the API key.';
  if (status === 429) return 'The AI provider is rate limiting requests; try again later.';
  if (typeof status === 'number') return `The AI provider answered with an error (${status}).`;
  return 'The AI provider could not be reached.';
}
