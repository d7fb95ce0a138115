import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src-main/**/*.test.ts',
      'src-shared/**/*.test.ts',
      'src-preload/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bin/**/*.test.ts',
    ],
    // Native modules (SQLCipher, keychain) are safest in separate processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
