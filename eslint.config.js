// @ts-check
// Lint rules for the whole repository. Formatting belongs to Prettier (.prettierrc.json),
// so nothing here is stylistic: every rule is about correctness or safety. The layering
// rules (which folder may import what) are not here but in scripts/importRules.ts, run by
// its test; see docs/architecture.md.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

const TS = '{ts,tsx,mts,cts}';
const JS = '{js,mjs,cjs}';

// Everything tsconfig.json compiles (keep in step with its "include"). These get the
// type-aware rules against that program. The renderer is a separate program
// (tsconfig.web.json: DOM types, no Node types).
const nodeProgram = [
  `src-main/**/*.${TS}`,
  `src-preload/**/*.${TS}`,
  `src-shared/**/*.${TS}`,
  `sync-server/src/**/*.${TS}`,
  `sync-server/test/**/*.${TS}`,
  `bin/**/*.${TS}`,
  `bench/**/*.${TS}`,
  `scripts/**/*.${TS}`,
  `build/**/*.${TS}`,
  `e2e/**/*.${TS}`,
  '*.config.ts',
];
const webProgram = [`src-renderer/**/*.${TS}`];

// Plain JavaScript files run in Node (this file, bin/casike.js). Node's own globals, read
// from the running Node, so `process`, `console`, `URL`, … are known without a plugin.
const nodeGlobals = Object.fromEntries(
  Object.getOwnPropertyNames(globalThis).map((name) => [name, /** @type {const} */ ('readonly')]),
);

// Tests may not be committed with `.only` (STYLE.md, "Tests beside code").
const noOnly = ['describe', 'it', 'test'].map((object) => ({
  object,
  property: 'only',
  message: 'Remove .only before committing.',
}));

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    'out/',
    'dist/',
    'coverage/',
    'bench/out/',
    '.data/',
    'sync-server/node_modules/',
    'sync-server/dist/',
    'sync-server/.data/',
    'test-results/',
    'playwright-report/',
  ]),

  {
    files: [`**/*.${JS}`, `**/*.${TS}`],
    extends: [js.configs.recommended],
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'no-restricted-properties': ['error', ...noOnly],
    },
  },

  // TypeScript without type information: the baseline for any .ts file outside both
  // programs (for example a config file inside a sub-package).
  {
    files: [`**/*.${TS}`],
    extends: [tseslint.configs.recommended],
  },

  // Type-aware rules for the Node-side program and the renderer program.
  {
    files: nodeProgram,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: root },
    },
  },
  {
    files: webProgram,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.web.json', tsconfigRootDir: root },
    },
  },

  // Rules shared by all TypeScript, tuned to how the team writes code.
  {
    files: [`**/*.${TS}`],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: [...nodeProgram, ...webProgram],
    rules: {
      // `onClick={async () => …}` in React is fine; a promise where a condition or a
      // spread is expected is not.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },

  {
    files: [`**/*.${JS}`],
    languageOptions: { globals: nodeGlobals },
  },

  // Command-line programs print to the terminal on purpose.
  {
    files: ['src-main/cli/**', 'bin/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
