import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { _openCategorizeVault, type CategorizeFixture } from '../_categorizeTestSupport';
import { aiPreview, applySuggestions, disableAi, enableAi, suggest } from '../categorizeService';
import { readCategorizeSettings, readOpenAiKey } from '../settings';
import { knownCategoryOf } from '../evaluation/dataset';
import { startFakeOpenAi, type FakeOpenAi } from './_fakeOpenAi';

let f: CategorizeFixture;
let fake: FakeOpenAi;
const FAKE_KEY = 'sk-test-fake-key-for-the-local-fake-server';

beforeEach(async () => {
  f = await _openCategorizeVault();
  fake = await startFakeOpenAi((description) => knownCategoryOf(description));
});
afterEach(async () => {
  await fake.close();
  f.close();
});

function seedUnsure() {
  f.add('SHELL OIL 1', { category: 'Fuel' });
  const ids = [
    f.add('POS PURCHASE STARBUCKS #0042 SEATTLE WA'),
    f.add('NETFLIX.COM 866-579-7172 CA'),
    f.add('NETFLIX.COM 866-579-7172 CA'),
  ];
  return ids;
}

function categoryOf(id: string): string | null {
  return (
    f.vault.db.prepare('SELECT category_id AS c FROM transactions WHERE id = ?').get(id) as {
      c: string | null;
    }
  ).c;
}

describe('the AI helper', () => {
  it('is off by default, and then makes no network request at all', async () => {
    seedUnsure();
    expect(readCategorizeSettings(f.vault.db).aiEnabled).toBe(false);
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const result = await suggest(f.vault, { limit: 100 });
      expect(result.ai.status).toBe('off');
      await applySuggestions(f.vault, 0.5);
      aiPreview(f.vault);
    } finally {
      expect(connect).not.toHaveBeenCalled();
      expect(fetchSpy).not.toHaveBeenCalled();
      connect.mockRestore();
      fetchSpy.mockRestore();
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('sends nothing until the user has seen the preview, then exactly the previewed payload', async () => {
    const [starbucks, netflix1, netflix2] = seedUnsure();
    enableAi(f.vault, { mode: 'own-key', apiKey: FAKE_KEY, baseUrl: fake.baseURL });
    const before = await suggest(f.vault, { limit: 100 });
    expect(before.ai.status).toBe('preview-required');
    expect(fake.requests).toHaveLength(0);

    const preview = aiPreview(f.vault);
    expect(preview.items).toBe(2); // the two Netflix rows share one scrubbed description
    expect(preview.transactions).toBe(3);
    const result = await suggest(f.vault, { limit: 100 });
    expect(result.ai.status).toBe('ok');
    expect(fake.requests.map((r) => r.body)).toEqual(preview.requests);
    expect(fake.requests[0]?.authorization).toBe(`Bearer ${FAKE_KEY}`);
    const body = fake.requests[0]?.body as { store: boolean; response_format: { type: string } };
    expect(body.store).toBe(false);
    expect(body.response_format.type).toBe('json_schema');

    const byId = new Map(result.suggestions.map((s) => [s.transactionId, s]));
    expect(byId.get(starbucks ?? '')).toMatchObject({ categoryName: 'Coffee', source: 'ai' });
    expect(byId.get(netflix1 ?? '')).toMatchObject({ categoryName: 'Subscriptions', source: 'ai' });
    expect(byId.get(netflix2 ?? '')).toMatchObject({ categoryName: 'Subscriptions', source: 'ai' });
  });

  it('writes each request to the audit log with the count of items, never their content', async () => {
    seedUnsure();
    enableAi(f.vault, { mode: 'own-key', apiKey: FAKE_KEY, baseUrl: fake.baseURL });
    aiPreview(f.vault);
    await suggest(f.vault, { limit: 100 });
    const rows = f.vault.db
      .prepare("SELECT details FROM audit_log WHERE event = 'ai.request'")
      .all() as { details: string }[];
    expect(rows.map((r) => JSON.parse(r.details) as unknown)).toEqual([
      { items: 2, mode: 'own-key' },
    ]);
    const log = (
      f.vault.db.prepare('SELECT group_concat(details) AS all_ FROM audit_log').get() as {
        all_: string;
      }
    ).all_;
    expect(log).not.toMatch(/NETFLIX|STARBUCKS|sk-test/i);
  });

  it.each(['malformed', 'refusal', 'wrong-category', 'http-500'] as const)(
    'applies nothing and does not crash when the model misbehaves (%s)',
    async (behaviour) => {
      const ids = seedUnsure();
      enableAi(f.vault, { mode: 'own-key', apiKey: FAKE_KEY, baseUrl: fake.baseURL });
      aiPreview(f.vault);
      fake.behaviour = behaviour;
      const result = await applySuggestions(f.vault, 0.5);
      expect(['malformed', 'refused', 'failed']).toContain(result.ai.status);
      expect(result.ai.message).toMatch(/nothing was changed|error|declined|unexpected/i);
      expect(result.ai.message).not.toContain(FAKE_KEY);
      for (const id of ids) expect(categoryOf(id)).toBeNull();
    },
  );

  it('keeps the key in the vault, never in settings output, and forgets it when switched off', () => {
    enableAi(f.vault, { mode: 'own-key', apiKey: FAKE_KEY, baseUrl: fake.baseURL });
    expect(JSON.stringify(readCategorizeSettings(f.vault.db))).not.toContain(FAKE_KEY);
    expect(readOpenAiKey(f.vault.db)).toBe(FAKE_KEY);
    disableAi(f.vault);
    expect(readOpenAiKey(f.vault.db)).toBeNull();
    expect(readCategorizeSettings(f.vault.db).aiEnabled).toBe(false);
  });

  it('refuses a base URL that is not https (loopback aside)', () => {
    expect(() =>
      enableAi(f.vault, {
        mode: 'own-key',
        apiKey: FAKE_KEY,
        baseUrl: 'http://api.example.com/v1',
      }),
    ).toThrow(/https/);
  });
});
