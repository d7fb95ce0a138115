import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, signIn, type TestApp, type Tokens } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';
import { startFakeOpenAi, type FakeOpenAi } from './_support/fakeOpenAi';

/* POST /v1/ai/categorize: the relay for users without their own OpenAI key. */

for (const kind of testDrivers()) {
  describe(`AI categorization relay (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    let fake: FakeOpenAi;
    let user: Tokens;
    beforeAll(async () => {
      fake = await startFakeOpenAi('Coffee');
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db, (config) => {
        config.openai = { apiKey: 'sk-relay-test', baseUrl: fake.baseURL };
      });
      user = await signIn(t);
      // A paid cloud feature: the relay needs an active subscription.
      await tdb.db.transaction(
        (tx) =>
          tx.query(
            `INSERT INTO billing_subscriptions (stripe_subscription_id, user_id, status, fetched_at)
             VALUES ($1, $2, 'active', now())`,
            [`sub_relay_${kind}`, user.userId],
          ),
        { userId: user.userId },
      );
    });
    afterAll(async () => {
      await t.app.close();
      await tdb.close();
      await fake.close();
    });

    const relay = (payload: unknown, token: string | null = user.accessToken) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/ai/categorize',
        payload: payload as Record<string, unknown>,
        ...(token ? { headers: bearer(token) } : {}),
      });
    const leaky = {
      categories: ['Coffee', 'Groceries'],
      items: [
        {
          id: '1',
          description: 'STARBUCKS maria.garcia@example.org 4111 1111 1111 1111',
          direction: 'out',
        },
        { id: '2', description: 'ZELLE TO JOHN SMITH 12 MAIN ST', direction: 'out' },
      ],
    };

    it('needs a signed-in user with an active subscription', async () => {
      expect((await relay(leaky, null)).statusCode).toBe(401);
      const unsubscribed = await signIn(t);
      const refused = await relay(leaky, unsubscribed.accessToken);
      expect(refused.statusCode).toBe(402);
      expect(fake.bodies).toHaveLength(0);
    });

    it('scrubs again before anything reaches the model, with store: false', async () => {
      const before = fake.bodies.length;
      const res = await relay(leaky);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: 'ok',
        answers: [
          { id: '1', category: 'Coffee', confidence: 'high' },
          { id: '2', category: 'Coffee', confidence: 'high' },
        ],
      });
      const sent = JSON.stringify(fake.bodies.slice(before));
      expect(sent).not.toMatch(/maria|garcia|@|4111|JOHN|SMITH|MAIN ST/i);
      expect(sent).toContain('"store":false');
    });

    it('never logs the payload, and audits only the item count', async () => {
      await relay(leaky);
      expect(t.log.text).not.toMatch(/STARBUCKS|maria|ZELLE/i);
      const rows = await tdb.db.transaction(
        (tx) =>
          tx.query<{ details: string }>(
            "SELECT details FROM audit_log WHERE event = 'ai.relayed' ORDER BY seq DESC LIMIT 1",
          ),
        { userId: user.userId },
      );
      expect(JSON.parse(rows.rows[0]?.details ?? '{}')).toEqual({ items: 2 });
    });

    it('answers malformed model output with no answers, and provider errors with 502', async () => {
      fake.behaviour = 'malformed';
      expect((await relay(leaky)).json()).toEqual({ status: 'malformed', answers: [] });
      fake.behaviour = 'error';
      const failed = await relay(leaky);
      expect(failed.statusCode).toBe(502);
      expect(failed.body).not.toMatch(/sk-relay-test|STARBUCKS/);
      fake.behaviour = 'answer';
    });

    it('rejects oversized or malformed batches', async () => {
      const tooMany = {
        categories: ['A'],
        items: Array.from({ length: 51 }, (_, i) => ({
          id: String(i + 1),
          description: 'X',
          direction: 'out',
        })),
      };
      expect((await relay(tooMany)).statusCode).toBe(400);
      expect(
        (
          await relay({
            categories: ['A', 'A'],
            items: [{ id: '1', description: 'X', direction: 'out' }],
          })
        ).statusCode,
      ).toBe(400);
    });
  });
}
