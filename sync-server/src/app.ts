import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ServerConfig } from './config/env';
import type { Database } from './db/database';
import type { ServerTlsOptions } from './config/tls';
import { installErrorHandling } from './http/errors';
import { installSecurityHeaders } from './http/securityHeaders';
import { installZodCompilers } from './http/zodSchemas';
import type { Mailer } from './mail/mailer';
import { accountHooksPlugin } from './account/hooks';
import { auditPlugin } from './plugins/audit';
import { authPlugin } from './plugins/auth';
import { configPlugin } from './plugins/config';
import { dbPlugin } from './plugins/db';
import { mailerPlugin } from './plugins/mailer';
import { metricsPlugin } from './plugins/metrics';
import { rateLimitPlugin } from './plugins/rateLimit';
import { readinessMetricPlugin } from './plugins/readiness';
import { accountDeviceRoutes } from './routes/account/devices';
import { meRoutes } from './routes/account/me';
import { accountMfaRoutes } from './routes/account/mfa';
import { accountNoticeRoutes } from './routes/account/notices';
import { accountRightsRoutes } from './routes/account/rights';
import { mfaSignInRoutes } from './routes/auth/mfa';
import { oidcRoutes } from './routes/auth/oidc';
import { magicLinkRoutes } from './routes/auth/magicLink';
import { tokenRoutes } from './routes/auth/tokens';
import { backupRoutes } from './routes/backups/index';
import { healthRoutes } from './routes/health/index';
import { aiRoutes } from './routes/ai/categorize';
import { entitlementPlugin } from './billing/entitlementPlugin';
import { billingRoutes } from './routes/billing/index';
import { plaidRoutes } from './routes/plaid/index';
import { webhookRoutes } from './routes/webhooks/index';

/*
 * Builds the server (fastify/demo's order): framework settings, then the app-wide plugins
 * (config, metrics, db, audit, rate limits, mail, auth), then the routes, each domain an
 * encapsulated plugin under its prefix. main.ts listens; tests call buildApp and inject.
 */

export interface AppOptions {
  config: ServerConfig;
  logger: Logger;
  /** An already open (and migrated) database; the app will not close it. */
  database?: Database;
  mailer?: Mailer;
  clock?: () => Date;
  /** Terminate TLS here (config/tls.ts); main.ts passes loadTlsOptions(config). */
  https?: ServerTlsOptions;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  // Typed as Fastify's logger interface so the instance keeps Fastify's default generics.
  const logger: FastifyBaseLogger = options.logger;
  // With https the instance's raw server is an https.Server; everything we use of it
  // (listen, inject, hooks, routes) is the same, so it keeps the default http typing.
  const app = Fastify({
    ...(options.https === undefined ? {} : { https: options.https }),
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Request ids are ours, never taken from a header a client controls.
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    return503OnClosing: true,
    // On shutdown, drop idle keep-alive sockets but let in-flight requests finish.
    forceCloseConnections: 'idle',
  });
  installZodCompilers(app);
  installErrorHandling(app);
  installSecurityHeaders(app);

  await app.register(configPlugin, { config, ...(options.clock ? { clock: options.clock } : {}) });
  await app.register(metricsPlugin);
  await app.register(dbPlugin, options.database ? { database: options.database } : {});
  await app.register(auditPlugin);
  await app.register(rateLimitPlugin);
  await app.register(mailerPlugin, options.mailer ? { mailer: options.mailer } : {});
  await app.register(authPlugin);
  await app.register(entitlementPlugin);
  await app.register(accountHooksPlugin);
  await app.register(readinessMetricPlugin);

  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(magicLinkRoutes, { prefix: '/auth' });
      await v1.register(tokenRoutes, { prefix: '/auth' });
      await v1.register(meRoutes);
      await v1.register(aiRoutes);
      await v1.register(plaidRoutes, { prefix: '/plaid' });
      await v1.register(billingRoutes, { prefix: '/billing' });
      await v1.register(mfaSignInRoutes, { prefix: '/auth' });
      await v1.register(oidcRoutes, { prefix: '/auth' });
      await v1.register(accountMfaRoutes, { prefix: '/account' });
      await v1.register(accountDeviceRoutes, { prefix: '/account' });
      await v1.register(accountNoticeRoutes, { prefix: '/account' });
      await v1.register(accountRightsRoutes, { prefix: '/account' });
      await v1.register(backupRoutes, { prefix: '/backups' });
    },
    { prefix: '/v1' },
  );
  await app.register(webhookRoutes, { prefix: '/webhooks' });
  return app;
}
