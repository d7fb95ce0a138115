import { createAccount, createTransaction, findCategoryByName } from '../../ledger';
import type { UnlockedVault } from '../../vault';
import { startFakeOpenAi } from '../ai/_fakeOpenAi';
import { aiPreview, enableAi, suggest } from '../categorizeService';
import {
  generateDescriptions,
  hardCases,
  knownCategoryOf,
  type LabelledDescription,
} from './dataset';

/**
 * Local model alone vs local + AI helper, end to end in a real vault: `labelled`
 * transactions filed by the user, then a test set left uncategorized; suggestions come
 * from the real pipeline, and the AI's answers from the fake OpenAI server through the
 * official SDK, answering from a fixed merchant → category mapping (a stand-in for a
 * model that knows merchants; it sees only the scrubbed descriptions).
 */
export interface CombinedResult {
  labelled: number;
  tested: number;
  localAccuracy: number;
  combinedAccuracy: number;
  aiRequests: number;
}

export async function evaluateLocalPlusAi(
  vault: UnlockedVault,
  labelled: number,
): Promise<CombinedResult> {
  const db = vault.db;
  const accountId = createAccount(db, {
    name: 'Evaluation',
    type: 'checking',
    currency: 'USD',
    openingBalance: 0,
  }).id;
  const categoryId = new Map<string, string>();
  const idOf = (name: string) => {
    let id = categoryId.get(name);
    if (id === undefined) {
      id = findCategoryByName(db, name).id;
      categoryId.set(name, id);
    }
    return id;
  };
  const add = (item: LabelledDescription, filed: boolean, day: number) =>
    createTransaction(db, {
      accountId,
      date: new Date(Date.UTC(2023, 0, 1 + day)).toISOString().slice(0, 10),
      amount: item.category === 'Salary' ? 250_000 : -2_500,
      payee: item.description,
      memo: '',
      categoryId: filed ? idOf(item.category) : null,
      status: 'cleared',
      tags: [],
      splits: [],
      externalId: null,
    }).id;
  const test = [
    ...generateDescriptions(1_000_003, 360),
    ...generateDescriptions(1_000_033, 80, { unseen: true }),
    ...hardCases(),
  ];
  const truth = new Map<string, string>();
  db.transaction(() => {
    generateDescriptions(7 + labelled, labelled).forEach((item, i) => add(item, true, i % 300));
    test.forEach((item, i) => truth.set(add(item, false, 400 + (i % 300)), idOf(item.category)));
  })();
  const score = (suggestions: { transactionId: string; categoryId: string }[]) => {
    const chosen = new Map(suggestions.map((s) => [s.transactionId, s.categoryId]));
    let right = 0;
    for (const [id, category] of truth) if (chosen.get(id) === category) right++;
    return right / truth.size;
  };
  const local = await suggest(vault, { limit: 10_000 });
  const fake = await startFakeOpenAi((description) => knownCategoryOf(description));
  try {
    enableAi(vault, { mode: 'own-key', apiKey: 'sk-evaluation', baseUrl: fake.baseURL });
    aiPreview(vault);
    const combined = await suggest(vault, { limit: 10_000 });
    return {
      labelled,
      tested: truth.size,
      localAccuracy: score(local.suggestions),
      combinedAccuracy: score(combined.suggestions),
      aiRequests: fake.requests.length,
    };
  } finally {
    await fake.close();
  }
}
