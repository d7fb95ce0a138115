import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { startDailyJobs } from '../src/jobs/scheduler';
import { createLogger } from '../src/logging/logger';
import { LogCapture, Outbox, testConfig } from './_support/app';
import { openTestDatabase, type TestDatabase } from './_support/databases';

/* The server itself runs the retention job (soon after start, then daily) as the operator. */

describe('daily jobs', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await tdb.close();
  });

  it('run retention after start and record it, and stop with the app', async () => {
    const log = new LogCapture();
    const app = await buildApp({
      config: testConfig(),
      logger: createLogger({ level: 'info', destination: log }),
      database: tdb.db,
      mailer: new Outbox(),
    });
    startDailyJobs(app, { firstRunMs: 10 });
    await app.ready();
    try {
      const deadline = Date.now() + 30_000;
      let tasks: string[] = [];
      while (Date.now() < deadline) {
        const { rows } = await tdb.db.__dangerouslyAsOwner((c) =>
          c.query<{ details: string }>(
            "SELECT details FROM audit_log WHERE event = 'retention.deleted'",
          ),
        );
        tasks = rows.map((r) => (JSON.parse(r.details) as { task: string }).task);
        if (tasks.length >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(tasks.sort()).toEqual(['audit-log', 'sign-in-state']);
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/casike_admin_actions_total\{action="retention"\} 1/);
      expect(log.text).toContain('retention job finished');
    } finally {
      await app.close();
    }
  });
});
