import { openEncryptedDatabase } from '../../src-main/core/db/openDatabase';
import { searchTransactions } from '../../src-main/core/ledger';
import { databasePath, openVault } from '../../src-main/core/vault';
import { BENCH_PASSPHRASE } from '../generate/cache';
import type { Scenario } from '../harness/types';
import { readIterations } from './iterations';
import { listQuery } from './queries';

export const unlockScenarios: Scenario[] = [
  {
    id: 'unlock.rawKey',
    about:
      'Open the vault database with the raw data key (SQLCipher, no KDF) and read the first page of the list.',
    unit: 'ms',
    phase: 'read',
    iterations: readIterations,
    goal: { value: 100, label: 'goal' },
    setup(ctx) {
      const file = databasePath(ctx.vault.dataDir);
      const query = listQuery();
      return {
        sample() {
          const started = performance.now();
          const db = openEncryptedDatabase(file, ctx.key);
          searchTransactions(db, query);
          const ms = performance.now() - started;
          db.close();
          return ms;
        },
      };
    },
  },
  {
    id: 'unlock.passphrase',
    about:
      'The full passphrase unlock (openVault: Argon2id m=64 MiB t=3, unseal, open, migrate check, audit) + first page. Once, at the smallest size.',
    unit: 'ms',
    phase: 'read',
    iterations: (size, plan) => (size === plan.sizes[0] ? { warmup: 0, runs: 1 } : null),
    setup(ctx) {
      const query = listQuery();
      return {
        async sample() {
          const started = performance.now();
          const vault = await openVault(
            { dataDir: ctx.vault.dataDir },
            { method: 'passphrase', passphrase: BENCH_PASSPHRASE },
          );
          searchTransactions(vault.db, query);
          const ms = performance.now() - started;
          vault.lock('exit');
          return ms;
        },
      };
    },
  },
];
