import { features, merchantKey } from './normalize';

/**
 * The local classifier: an exact-merchant memory in front of a multinomial naive
 * Bayes over words, word pairs and character trigrams. Both are plain counts, so
 * learning one more example is one increment and the model never needs a training
 * pass over the ledger; `trainingData.ts` keeps the counts in the vault.
 */

/** One labelled description, `weight` times (the number of transactions it stands for). */
export interface TrainingExample {
  text: string;
  categoryId: string;
  weight: number;
}

export interface Prediction {
  categoryId: string;
  /** 0..1: how sure the model is. Calibrated on the evaluation set (docs/categorization.md). */
  confidence: number;
  /** Why, in the user's terms. `{category}` is filled in by the caller, which knows names. */
  reason: PredictionReason;
}

export type PredictionReason =
  | { kind: 'merchant'; merchant: string; filed: number; total: number }
  | { kind: 'similar'; words: string[] };

/** Additive smoothing of feature counts: small, because merchant vocabularies are sparse. */
const ALPHA = 0.1;
/** How many past examples make the merchant memory trusted over the word model. */
const MEMORY_MIN_EXAMPLES = 1;
/**
 * Naive Bayes multiplies many correlated feature likelihoods (a word and its own
 * trigrams), which makes its raw posterior wildly overconfident. Dividing the evidence
 * by this temperature before the softmax keeps confidence honest.
 */
const TEMPERATURE = 4;
/** Examples a category needs before the word model's confidence in it reaches ~50%… ~95%. */
const SUPPORT_SHRINK = 1;

interface CategoryStats {
  examples: number;
  featureTotal: number;
  featureCounts: Map<string, number>;
}

export class CategoryModel {
  private readonly memory = new Map<string, Map<string, number>>();
  private readonly categories = new Map<string, CategoryStats>();
  private readonly vocabulary = new Set<string>();
  private totalExamples = 0;

  static train(examples: Iterable<TrainingExample>): CategoryModel {
    const model = new CategoryModel();
    for (const example of examples) model.learn(example);
    return model;
  }

  get size(): number {
    return this.totalExamples;
  }

  learn({ text, categoryId, weight }: TrainingExample): void {
    if (weight <= 0) return;
    const key = merchantKey(text);
    if (key !== '') {
      const filed = this.memory.get(key) ?? new Map<string, number>();
      filed.set(categoryId, (filed.get(categoryId) ?? 0) + weight);
      this.memory.set(key, filed);
    }
    const stats = this.statsFor(categoryId);
    stats.examples += weight;
    this.totalExamples += weight;
    // A merchant seen a thousand times should not drown every other word: its
    // features count once per distinct description plus a log of the repeats.
    const featureWeight = 1 + Math.log(weight);
    for (const feature of features(text)) {
      this.vocabulary.add(feature);
      stats.featureCounts.set(feature, (stats.featureCounts.get(feature) ?? 0) + featureWeight);
      stats.featureTotal += featureWeight;
    }
  }

  predict(text: string): Prediction | null {
    if (this.categories.size === 0) return null;
    const key = merchantKey(text);
    const filed = key === '' ? undefined : this.memory.get(key);
    if (filed) {
      const total = sum(filed.values());
      if (total >= MEMORY_MIN_EXAMPLES) {
        const [categoryId, count] = maxEntry(filed);
        // Laplace's rule of succession: 1 of 1 is promising, 14 of 15 is solid.
        const confidence = (count + 1) / (total + 2);
        return {
          categoryId,
          confidence,
          reason: { kind: 'merchant', merchant: key, filed: count, total },
        };
      }
    }
    return this.predictFromWords(text);
  }

  private predictFromWords(text: string): Prediction | null {
    const known = features(text).filter((feature) => this.vocabulary.has(feature));
    if (known.length === 0) return null;
    const vocabularySize = this.vocabulary.size;
    const scores: { categoryId: string; score: number }[] = [];
    for (const [categoryId, stats] of this.categories) {
      let evidence = 0;
      const denominator = Math.log(stats.featureTotal + ALPHA * vocabularySize);
      for (const feature of known) {
        evidence += Math.log((stats.featureCounts.get(feature) ?? 0) + ALPHA) - denominator;
      }
      const prior = Math.log(stats.examples / this.totalExamples);
      scores.push({ categoryId, score: prior + evidence / TEMPERATURE });
    }
    const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
    const normaliser = sum(scores.map(({ score }) => Math.exp(score - best.score)));
    const stats = this.categories.get(best.categoryId);
    const words = known
      .filter((feature) => feature.startsWith('w:') && (stats?.featureCounts.get(feature) ?? 0) > 0)
      .map((feature) => feature.slice(2));
    // A category learned from a handful of examples cannot be trusted much yet,
    // however well the words fit: shrink towards zero while its examples are few.
    const support = (stats?.examples ?? 0) / ((stats?.examples ?? 0) + SUPPORT_SHRINK);
    return {
      categoryId: best.categoryId,
      confidence: support / normaliser,
      reason: { kind: 'similar', words: [...new Set(words)].slice(0, 3) },
    };
  }

  private statsFor(categoryId: string): CategoryStats {
    let stats = this.categories.get(categoryId);
    if (!stats) {
      stats = { examples: 0, featureTotal: 0, featureCounts: new Map() };
      this.categories.set(categoryId, stats);
    }
    return stats;
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function maxEntry(map: Map<string, number>): [string, number] {
  let best: [string, number] = ['', -1];
  for (const entry of map) if (entry[1] > best[1]) best = entry;
  return best;
}
