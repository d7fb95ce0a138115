import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';

/*
 * `casike_ready` (1 or 0): the same check as /readyz (the database answers), made at
 * scrape time, so the "/readyz down" alert (deploy/alerts.yml) reads it from the scrape
 * Prometheus already does instead of needing a separate prober. A dead process shows as
 * Prometheus' own `up == 0`.
 */

const PING_TIMEOUT_MS = 2_000;

export const readinessMetricPlugin = fp(
  (app, _options, done) => {
    new Gauge({
      name: 'casike_ready',
      help: 'Whether this replica can serve: 1 when its database answers, else 0',
      registers: [app.metrics.registry],
      async collect() {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
        });
        try {
          await Promise.race([app.db.ping(), timeout]);
          this.set(1);
        } catch {
          this.set(0);
        } finally {
          clearTimeout(timer);
        }
      },
    });
    done();
  },
  { name: 'casike-readiness-metric', dependencies: ['casike-metrics', 'casike-db'] },
);
