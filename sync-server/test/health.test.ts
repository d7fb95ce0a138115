import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './_support/app';
import { openTestDatabase, testDrivers, type TestDatabase } from './_support/databases';

for (const kind of testDrivers()) {
  describe(`health, readiness and metrics (${kind})`, () => {
    let tdb: TestDatabase;
    let t: TestApp;
    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      t = await buildTestApp(tdb.db);
    });
    afterAll(async () => {
      await t.app.close();
    });

    it('/healthz and /readyz answer while the database is up', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
        status: 'ok',
      });
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
        status: 'ready',
      });
    });

    it('/metrics is Prometheus text with the security counters', async () => {
      await t.app.inject({ method: 'GET', url: '/healthz' });
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      for (const name of [
        'casike_sign_ins_total',
        'casike_rate_limit_hits_total',
        'casike_refresh_token_reuse_total',
        'casike_access_denied_total',
      ]) {
        expect(res.body).toContain(`# TYPE ${name} counter`);
      }
      expect(res.body).toMatch(
        /casike_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
      );
      expect(res.body).toContain('casike_process_cpu_user_seconds_total');
    });

    it('/readyz answers 503 when the database is gone, /healthz still 200', async () => {
      await tdb.close();
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable' });
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    });
  });
}
