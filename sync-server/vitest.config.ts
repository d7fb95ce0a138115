import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file opens its own PGlite (a few seconds of WebAssembly start-up) and, when
    // DATABASE_URL is set, its own throwaway Postgres database; forks keep them apart.
    pool: 'forks',
    // Most of a file's time is PGlite start-up, which is CPU-bound: two at once on two cores.
    maxWorkers: 2,
    // The JSON report sits beside the root suite's so .ci/summarize.mjs can add it up.
    reporters: ['default', 'json'],
    outputFile: { json: '../test-results/sync-server-vitest.json' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
