import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/*
 * Prometheus metrics, one registry per app instance (tests build many apps in one
 * process). Alert-worthy security counters are named here so alerts have one place to
 * look: failed sign-ins, rate-limit hits, refresh-token reuse, denied access. Labels are
 * route templates and fixed reasons, never user input, to keep cardinality bounded.
 */

export interface Metrics {
  registry: Registry;
  signIns: Counter<'result'>;
  rateLimitHits: Counter<'rule'>;
  tokenReuse: Counter;
  accessDenied: Counter<'reason'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  mfaFailures: Counter<'reason'>;
  accountDeletions: Counter;
  /** Incremented by the Plaid and Stripe webhook routes when a signature does not verify. */
  webhookVerificationFailures: Counter<'provider'>;
  adminActions: Counter<'action'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'casike_' });
  const metrics: Metrics = {
    registry,
    signIns: new Counter({
      name: 'casike_sign_ins_total',
      help: 'Sign-in attempts by result (success, failure)',
      labelNames: ['result'],
      registers: [registry],
    }),
    rateLimitHits: new Counter({
      name: 'casike_rate_limit_hits_total',
      help: 'Requests refused by a rate limit, by rule',
      labelNames: ['rule'],
      registers: [registry],
    }),
    tokenReuse: new Counter({
      name: 'casike_refresh_token_reuse_total',
      help: 'Reused refresh tokens detected (each revoked a session family)',
      registers: [registry],
    }),
    accessDenied: new Counter({
      name: 'casike_access_denied_total',
      help: 'Authenticated requests refused, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'casike_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    mfaFailures: new Counter({
      name: 'casike_mfa_failures_total',
      help: 'Wrong or replayed second-factor codes, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    accountDeletions: new Counter({
      name: 'casike_account_deletions_total',
      help: "Accounts deleted at their owner's request",
      registers: [registry],
    }),
    webhookVerificationFailures: new Counter({
      name: 'casike_webhook_verification_failures_total',
      help: 'Webhook deliveries refused because their signature did not verify, by provider',
      labelNames: ['provider'],
      registers: [registry],
    }),
    adminActions: new Counter({
      name: 'casike_admin_actions_total',
      help: 'Operator actions taken through the admin CLI or the daily jobs, by action',
      labelNames: ['action'],
      registers: [registry],
    }),
  };
  // Series that alerts watch exist from the start (at 0), so a rule can tell "none yet"
  // from "not exported".
  for (const provider of ['plaid', 'stripe']) metrics.webhookVerificationFailures.labels(provider);
  for (const result of ['success', 'failure']) metrics.signIns.labels(result);
  return metrics;
}

export const metricsPlugin = fp(
  (app, _options, done) => {
    const metrics = createMetrics();
    app.decorate('metrics', metrics);
    app.addHook('onResponse', async (request, reply) => {
      metrics.httpDuration.observe(
        {
          method: request.method,
          // Unmatched URLs share one label so scanners cannot blow up the series count.
          route: request.routeOptions.url ?? 'unmatched',
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
    done();
  },
  { name: 'casike-metrics' },
);
