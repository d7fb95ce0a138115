import fp from 'fastify-plugin';
import type { Database } from '../db/database';
import { openDatabase } from '../db/open';

/*
 * The database: opened (and migrated) when the app starts, closed when it stops. Tests
 * hand in a database they share between several apps; the app then leaves closing it to
 * them.
 */

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export interface DbPluginOptions {
  database?: Database;
}

export const dbPlugin = fp<DbPluginOptions>(
  async (app, options) => {
    const db = options.database ?? (await openDatabase(app.config.database));
    app.decorate('db', db);
    if (options.database === undefined) {
      app.addHook('onClose', async () => {
        await db.close();
      });
    }
  },
  { name: 'casike-db', dependencies: ['casike-config'] },
);
