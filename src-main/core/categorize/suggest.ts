import type { SqlDatabase } from '../db/openDatabase';
import { loadRuleEngine } from '../rules';
import type { Prediction } from './model';
import { merchantWords } from './normalize';
import { vaultModel } from './trainingData';

/** A proposed category for one uncategorized transaction. */
export interface CategorySuggestion {
  transactionId: string;
  date: string;
  payee: string | null;
  memo: string;
  amount: number;
  categoryId: string;
  categoryName: string;
  confidence: number;
  /** 'rule' when an enabled rule files it: rules always win over the model. */
  source: 'rule' | 'model';
  explanation: string;
}

export interface UncategorizedTransaction {
  id: string;
  accountId: string;
  date: string;
  amount: number;
  payee: string | null;
  memo: string;
}

/** The text the model reads for a transaction: the payee, or the memo when there is none. */
export function describe(transaction: Pick<UncategorizedTransaction, 'payee' | 'memo'>): string {
  return transaction.payee && transaction.payee.trim() !== ''
    ? transaction.payee
    : transaction.memo;
}

/**
 * Newest uncategorized transactions first: the ones a user is looking at. Split
 * transactions and transfers never need a category. Reads by the category index.
 */
export function uncategorizedTransactions(
  db: SqlDatabase,
  limit: number,
): UncategorizedTransaction[] {
  return db
    .prepare(
      `SELECT t.id, t.account_id AS accountId, t.date, t.amount, p.name AS payee, t.memo
       FROM transactions t LEFT JOIN payees p ON p.id = t.payee_id
       WHERE t.category_id IS NULL AND t.is_split = 0 AND t.transfer_id IS NULL
       ORDER BY t.rowid DESC LIMIT ?`,
    )
    .all(limit) as UncategorizedTransaction[];
}

export function categoryNames(db: SqlDatabase): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM categories').all() as {
    id: string;
    name: string;
  }[];
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Suggestions for up to `limit` uncategorized transactions. Transactions the model has
 * no idea about are left out; the same description is only classified once.
 */
export function suggestCategories(db: SqlDatabase, limit: number): CategorySuggestion[] {
  const model = vaultModel(db);
  const names = categoryNames(db);
  const rules = loadRuleEngine(db);
  const predictions = new Map<string, Prediction | null>();
  const suggestions: CategorySuggestion[] = [];
  for (const transaction of uncategorizedTransactions(db, limit)) {
    const ruled = rules.run({
      accountId: transaction.accountId,
      amount: transaction.amount,
      payee: transaction.payee,
      memo: transaction.memo,
      categoryId: null,
      tags: [],
      splits: [],
    }).target.categoryId;
    const base = {
      transactionId: transaction.id,
      date: transaction.date,
      payee: transaction.payee,
      memo: transaction.memo,
      amount: transaction.amount,
    };
    if (ruled) {
      const name = names.get(ruled) ?? 'a category';
      suggestions.push({
        ...base,
        categoryId: ruled,
        categoryName: name,
        confidence: 1,
        source: 'rule',
        explanation: `One of your rules files this under ${name}.`,
      });
      continue;
    }
    const text = describe(transaction);
    // The model reads only the merchant words, so "SHELL 0042" and "SHELL 0043" share one answer.
    const key = merchantWords(text).join(' ');
    let prediction = predictions.get(key);
    if (prediction === undefined) {
      prediction = model.predict(text);
      predictions.set(key, prediction);
    }
    if (!prediction) continue;
    const name = names.get(prediction.categoryId);
    if (name === undefined) continue;
    suggestions.push({
      ...base,
      categoryId: prediction.categoryId,
      categoryName: name,
      confidence: prediction.confidence,
      source: 'model',
      explanation: explain(prediction, name),
    });
  }
  return suggestions;
}

export function explain(prediction: Prediction, categoryName: string): string {
  const { reason } = prediction;
  if (reason.kind === 'merchant') {
    const noun = reason.total === 1 ? 'transaction' : 'transactions';
    return `You filed ${reason.filed} of ${reason.total} '${reason.merchant}' ${noun} under ${categoryName}.`;
  }
  const words = reason.words.map((word) => `'${word}'`).join(', ');
  return words === ''
    ? `Looks like what you file under ${categoryName}.`
    : `Similar to transactions with ${words} that you file under ${categoryName}.`;
}
