import { openDatabase } from './open';
import { loadConfig } from '../config/env';
import { persistentDevKeyRing } from '../config/devSecrets';

// `npm --prefix sync-server run migrate`: applies migrations and exits (deploy step).
// Start-up migrates too; this lets an operator do it before rolling out replicas.
const { config } = loadConfig(process.env, { devKeyRing: persistentDevKeyRing });
const db = await openDatabase(config.database);
await db.close();
process.stdout.write(`migrations applied (${config.database.kind})\n`);
