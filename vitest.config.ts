import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src-main/**/*.test.ts',
      'src-shared/**/*.test.ts',
      'src-preload/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bin/**/*.test.ts',
      'bench/**/*.test.ts',
      'build/**/*.test.ts',
      'src-renderer/**/*.test.ts',
    ],
    // Native modules (SQLCipher, keychain) are safest in separate processes.
    pool: 'forks',
    // The JSON report lets .ci/run print the totals line CI is judged by.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
