import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSignIn, requestSignIn } from '../../cloud';
import { saveSession } from '../../cloud/cloudState';
import { _startServer, type _TestServer } from '../../cloud/_cloudTestSupport';
import { _openCategorizeVault, type CategorizeFixture } from '../_categorizeTestSupport';
import { aiPreview, applySuggestions, enableAi, suggest } from '../categorizeService';
import { startFakeOpenAi, type FakeOpenAi } from './_fakeOpenAi';

function seed(f: CategorizeFixture) {
  f.add('SHELL OIL 1', { category: 'Fuel' });
  return [f.add('POS PURCHASE STARBUCKS #0042 SEATTLE WA'), f.add('NETFLIX.COM 866-579-7172 CA')];
}

describe('the AI helper through the Casike Cloud relay', () => {
  it('cannot be switched on without a cloud session', async () => {
    const f = await _openCategorizeVault();
    try {
      expect(() => enableAi(f.vault, { mode: 'relay' })).toThrow(/not signed in/);
    } finally {
      f.close();
    }
  });

  describe('against a relay on loopback', () => {
    let relay: http.Server;
    let received: { authorization: string | undefined; body: unknown }[];
    let f: CategorizeFixture;
    beforeAll(async () => {
      received = [];
      relay = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            items: { id: string }[];
          };
          received.push({ authorization: req.headers.authorization, body });
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              status: 'ok',
              answers: body.items.map((i) => ({
                id: i.id,
                category: 'Coffee',
                confidence: 'high',
              })),
            }),
          );
        });
      });
      await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
      f = await _openCategorizeVault();
      const { port } = relay.address() as AddressInfo;
      saveSession(f.vault.db, {
        serverUrl: `http://127.0.0.1:${port}`,
        email: 'relay@example.test',
        userId: '01900000-0000-7000-8000-000000000001',
        sessionId: '01900000-0000-7000-8000-000000000002',
        refreshToken: 'crt_test',
        accessToken: 'cat_test-access-token',
        accessExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        signedInAt: new Date().toISOString(),
      });
    });
    afterAll(async () => {
      f.close();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    });

    it('sends exactly the previewed categories and items with the session token', async () => {
      const ids = seed(f);
      enableAi(f.vault, { mode: 'relay' });
      const preview = aiPreview(f.vault);
      const result = await suggest(f.vault, { limit: 100 });
      expect(result.ai.status).toBe('ok');
      expect(received).toHaveLength(1);
      expect(received[0]?.authorization).toBe('Bearer cat_test-access-token');
      const user = preview.requests[0]?.messages.find((m) => m.role === 'user');
      expect(received[0]?.body).toEqual(JSON.parse(user?.content ?? 'null'));
      for (const id of ids) {
        expect(result.suggestions.find((s) => s.transactionId === id)).toMatchObject({
          categoryName: 'Coffee',
          source: 'ai',
        });
      }
    });
  });

  describe('against the real sync server', () => {
    let server: _TestServer;
    let fake: FakeOpenAi;
    beforeAll(async () => {
      fake = await startFakeOpenAi(() => 'Coffee');
      server = await _startServer({
        OPENAI_API_KEY: 'sk-server-side',
        OPENAI_BASE_URL: fake.baseURL,
      });
    }, 240_000);
    afterAll(async () => {
      await server.close();
      await fake.close();
    });

    it('refuses without a subscription with a clear message, sends nothing to the model and applies nothing', async () => {
      const f = await _openCategorizeVault();
      try {
        const ids = seed(f);
        const email = `relay-${Date.now()}@example.test`;
        await requestSignIn(f.vault, new URL(server.url), email);
        await completeSignIn(f.vault, await server.tokenFor(email));
        enableAi(f.vault, { mode: 'relay' });
        aiPreview(f.vault);
        const result = await applySuggestions(f.vault, 0.5);
        expect(result.ai.status).toBe('failed');
        expect(result.ai.message).toMatch(/subscription/);
        expect(fake.requests).toHaveLength(0);
        for (const id of ids) {
          const row = f.vault.db
            .prepare('SELECT category_id AS c FROM transactions WHERE id = ?')
            .get(id) as { c: string | null };
          expect(row.c).toBeNull();
        }
      } finally {
        f.close();
      }
    }, 120_000);
  });
});
