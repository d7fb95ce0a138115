import type { FastifyInstance } from 'fastify';
import { runRetention } from './retention';

/*
 * The server's daily jobs: retention once soon after start, then every 24 hours. The
 * timer is unref'd (it never holds the process open) and stops when the app closes.
 * Running several replicas is safe: each task locks what it prunes and a second run
 * finds nothing left. Where the serving login cannot become the operator (DATABASE_URL
 * logs in as casike_app), the job says so once and `npm run admin -- retention` must be
 * scheduled instead (docs/deploy.md).
 */

const DAY_MS = 24 * 3600 * 1000;
const FIRST_RUN_DELAY_MS = 60_000;

export function startDailyJobs(app: FastifyInstance, options: { firstRunMs?: number } = {}): void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      const reports = await runRetention(app.db, app.config, app.clock);
      app.metrics.adminActions.inc({ action: 'retention' });
      app.log.info({ reports }, 'retention job finished');
    } catch (err) {
      app.log.error(
        { err },
        'retention job failed; if DATABASE_URL logs in as casike_app, schedule `npm run admin -- retention` instead',
      );
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void run().finally(() => schedule(DAY_MS));
    }, ms);
    timer.unref();
  };
  schedule(options.firstRunMs ?? FIRST_RUN_DELAY_MS);
  app.addHook('onClose', (_instance, done) => {
    stopped = true;
    clearTimeout(timer);
    done();
  });
}
