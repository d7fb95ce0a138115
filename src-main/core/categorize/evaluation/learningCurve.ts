import { CategoryModel } from '../model';
import { generateDescriptions, hardCases, type LabelledDescription } from './dataset';

/**
 * Top-1 accuracy of the local model as a function of how many transactions the user
 * has filed. Each size trains a fresh model on that many labelled descriptions and is
 * scored on the same held-out set: new purchases at merchants seen before (written
 * differently), merchants never seen, and the hand-written hard cases. A transaction
 * the model has no suggestion for counts as wrong.
 */
export interface CurvePoint {
  labelled: number;
  accuracy: number;
  seenAccuracy: number;
  unseenAccuracy: number;
  hardAccuracy: number;
  /** Share of test transactions with a suggestion at or above 0.9. */
  autoShare: number;
  /** How often those ≥ 0.9 suggestions are right: what auto-apply would get right. */
  autoPrecision: number;
}

export interface TestSet {
  seen: LabelledDescription[];
  unseen: LabelledDescription[];
  hard: LabelledDescription[];
}

export function defaultTestSet(size = 2000): TestSet {
  return {
    seen: generateDescriptions(1_000_003, size),
    unseen: generateDescriptions(1_000_033, Math.round(size / 5), { unseen: true }),
    hard: hardCases(),
  };
}

export function learningCurve(
  sizes: readonly number[],
  testSet: TestSet = defaultTestSet(),
): CurvePoint[] {
  return sizes.map((labelled) => {
    const model = CategoryModel.train(
      generateDescriptions(7 + labelled, labelled).map((example) => ({
        text: example.description,
        categoryId: example.category,
        weight: 1,
      })),
    );
    return scoreModel(model, labelled, testSet);
  });
}

function scoreModel(model: CategoryModel, labelled: number, testSet: TestSet): CurvePoint {
  const all = [...testSet.seen, ...testSet.unseen, ...testSet.hard];
  let sure = 0;
  let sureRight = 0;
  const rate = (set: readonly LabelledDescription[]) => {
    let right = 0;
    for (const item of set)
      if (model.predict(item.description)?.categoryId === item.category) right++;
    return set.length === 0 ? 0 : right / set.length;
  };
  for (const item of all) {
    const prediction = model.predict(item.description);
    if (prediction && prediction.confidence >= 0.9) {
      sure++;
      if (prediction.categoryId === item.category) sureRight++;
    }
  }
  return {
    labelled,
    accuracy: rate(all),
    seenAccuracy: rate(testSet.seen),
    unseenAccuracy: rate(testSet.unseen),
    hardAccuracy: rate(testSet.hard),
    autoShare: sure / all.length,
    autoPrecision: sure === 0 ? 0 : sureRight / sure,
  };
}
