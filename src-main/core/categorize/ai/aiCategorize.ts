import type { SqlDatabase } from '../../db/openDatabase';
import type { UnlockedVault } from '../../vault';
import { loadRuleEngine } from '../../rules';
import { readCategorizeSettings } from '../settings';
import { describe, uncategorizedTransactions } from '../suggest';
import { vaultModel } from '../trainingData';
import {
  AI_BATCH_SIZE,
  accountWordsOf,
  buildAiRequest,
  parseAiAnswers,
  scrubDescription,
  type AiItem,
  type AiRequestBody,
} from '../../../../src-shared/domain/ai';
import type { AiTransport } from './openAiTransport';

/** Requests per run: a cap on what one "suggest" may send. */
export const AI_MAX_BATCHES = 10;
/** Below this local confidence a transaction is "unsure" and may go to the AI helper. */
export const DEFAULT_UNSURE_BELOW = 0.9;
/** Confidence given to the model's own "high"/"low" answers. */
const AI_CONFIDENCE = { high: 0.85, low: 0.55 } as const;

export interface AiBatch {
  body: AiRequestBody;
  /** Which transactions each sent item stands for (several may share one description). */
  transactionsByItem: Map<string, string[]>;
  categoryIdByName: Map<string, string>;
  categoryNames: readonly [string, ...string[]];
}

export interface AiSuggestion {
  transactionId: string;
  categoryId: string;
  categoryName: string;
  confidence: number;
}

export type AiOutcome =
  | { status: 'ok'; suggestions: AiSuggestion[]; sentItems: number }
  | { status: 'refused' | 'malformed'; sentItems: number; message: string };

/**
 * The batches the AI helper would send: uncategorized transactions that no rule
 * files and that the local model is unsure about, each reduced to a scrubbed
 * description and a direction; identical descriptions are sent once. Empty when there
 * is nothing worth asking.
 */
export function prepareAiBatches(
  db: SqlDatabase,
  { unsureBelow = DEFAULT_UNSURE_BELOW, scanLimit = 10_000 } = {},
): AiBatch[] {
  const categories = aiCategoryNames(db);
  const [first, ...rest] = [...categories.keys()];
  if (first === undefined) return [];
  const categoryNames: readonly [string, ...string[]] = [first, ...rest];
  const accountWords = accountWordsOf(
    (db.prepare('SELECT name FROM accounts').all() as { name: string }[]).map((row) => row.name),
  );
  const model = vaultModel(db);
  const rules = loadRuleEngine(db);
  const items: AiItem[] = [];
  // Position of each distinct description in `items`, and the transactions it stands for.
  const positionByKey = new Map<string, number>();
  const transactionsAt: string[][] = [];
  for (const transaction of uncategorizedTransactions(db, scanLimit)) {
    const ruled = rules.run({
      accountId: transaction.accountId,
      amount: transaction.amount,
      payee: transaction.payee,
      memo: transaction.memo,
      categoryId: null,
      tags: [],
      splits: [],
    }).target.categoryId;
    if (ruled) continue;
    const text = describe(transaction);
    const local = model.predict(text);
    if (local && local.confidence >= unsureBelow) continue;
    const description = scrubDescription(text, { accountWords });
    if (description === '') continue;
    const direction = transaction.amount < 0 ? 'out' : 'in';
    const key = `${direction}:${description}`;
    let position = positionByKey.get(key);
    if (position === undefined) {
      if (items.length >= AI_BATCH_SIZE * AI_MAX_BATCHES) continue;
      position = items.length;
      // Ids restart at 1 in every request: they are local indices, never transaction ids.
      items.push({ id: String((position % AI_BATCH_SIZE) + 1), description, direction });
      positionByKey.set(key, position);
      transactionsAt.push([]);
    }
    transactionsAt[position]?.push(transaction.id);
  }
  const aiModel = readCategorizeSettings(db).aiModel;
  const batches: AiBatch[] = [];
  for (let start = 0; start < items.length; start += AI_BATCH_SIZE) {
    const chunk = items.slice(start, start + AI_BATCH_SIZE);
    batches.push({
      body: buildAiRequest(aiModel, categoryNames, chunk),
      transactionsByItem: new Map(
        chunk.map((item, offset) => [item.id, transactionsAt[start + offset] ?? []]),
      ),
      categoryIdByName: categories,
      categoryNames,
    });
  }
  return batches;
}

/**
 * Sends one prepared batch and turns the answers into suggestions. The audit log gets
 * the number of items and the outcome, never their content.
 */
export async function runAiBatch(
  vault: Pick<UnlockedVault, 'db' | 'audit'>,
  batch: AiBatch,
  transport: AiTransport,
  mode: string,
): Promise<AiOutcome> {
  const sentItems = batch.transactionsByItem.size;
  vault.audit('ai.request', { items: sentItems, mode });
  const reply = await transport(batch.body);
  if (reply.refusal) {
    return {
      status: 'refused',
      sentItems,
      message: 'The AI model declined to answer; nothing was changed.',
    };
  }
  const answers = parseAiAnswers(
    reply.content,
    batch.categoryNames,
    new Set(batch.transactionsByItem.keys()),
  );
  if (!answers) {
    return {
      status: 'malformed',
      sentItems,
      message: 'The AI model answered in an unexpected form; nothing was changed.',
    };
  }
  const suggestions: AiSuggestion[] = [];
  for (const answer of answers) {
    const categoryId = batch.categoryIdByName.get(answer.category);
    if (categoryId === undefined) continue;
    for (const transactionId of batch.transactionsByItem.get(answer.id) ?? []) {
      suggestions.push({
        transactionId,
        categoryId,
        categoryName: answer.category,
        confidence: AI_CONFIDENCE[answer.confidence],
      });
    }
  }
  return { status: 'ok', suggestions, sentItems };
}

/**
 * The category names the model may choose from, mapped back to ids. Hidden categories
 * are left out; a name used in two groups is qualified with its group so every enum
 * value is unique.
 */
export function aiCategoryNames(db: SqlDatabase): Map<string, string> {
  const rows = db
    .prepare(
      `SELECT c.id, c.name, g.name AS groupName FROM categories c
       JOIN category_groups g ON g.id = c.group_id
       WHERE c.hidden = 0 AND g.hidden = 0 ORDER BY g.position, c.position`,
    )
    .all() as { id: string; name: string; groupName: string }[];
  const counts = new Map<string, number>();
  for (const row of rows)
    counts.set(row.name.toLowerCase(), (counts.get(row.name.toLowerCase()) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const row of rows) {
    const unique = counts.get(row.name.toLowerCase()) === 1;
    names.set(unique ? row.name : `${row.groupName} / ${row.name}`, row.id);
  }
  return names;
}
