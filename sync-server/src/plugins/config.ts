import fp from 'fastify-plugin';
import type { ServerConfig } from '../config/env';

/*
 * App-wide configuration and clock. Time comes from `app.clock` everywhere (expiry,
 * idle timeout, rate-limit windows, audit timestamps), never from SQL `now()`, so tests
 * can move time and replicas agree on the rule even if their database clocks differ.
 */

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    clock: () => Date;
  }
}

export interface ConfigPluginOptions {
  config: ServerConfig;
  clock?: () => Date;
}

export const configPlugin = fp<ConfigPluginOptions>(
  (app, options, done) => {
    app.decorate('config', options.config);
    app.decorate('clock', options.clock ?? (() => new Date()));
    done();
  },
  { name: 'casike-config' },
);
