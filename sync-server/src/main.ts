import { buildApp } from './app';
import { loadTlsOptions } from './config/tls';
import { startDailyJobs } from './jobs/scheduler';
import { ConfigError, loadConfig } from './config/env';
import { persistentDevKeyRing } from './config/devSecrets';
import { createLogger } from './logging/logger';

/*
 * `npm run server`: reads the environment, opens the store (embedded PGlite unless
 * DATABASE_URL is set), migrates, listens. Bad configuration ends the process with one
 * line per problem and exit code 1; SIGINT/SIGTERM close it gracefully.
 */

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig(process.env, { devKeyRing: persistentDevKeyRing });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { config, warnings } = loaded;
  for (const warning of warnings) logger.warn(warning);

  let https;
  try {
    https = loadTlsOptions(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await buildApp({ config, logger, ...(https === undefined ? {} : { https }) });
  const close = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);

  // addHook('onClose') must come before listen: Fastify refuses hooks once it is ready.
  startDailyJobs(app);
  await app.listen({ host: config.host, port: config.port });
  logger.info(
    {
      database: config.database.kind,
      publicUrl: config.publicUrl.origin,
      tls: https === undefined ? (config.trustProxy ? 'at the proxy' : 'off') : 'on',
    },
    'casike sync server ready',
  );
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'server failed to start');
  process.exit(1);
});
