import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Build config for the three Electron bundles. The folders are DESIGN.md's, not
// electron-vite's default `src/{main,preload,renderer}`, so every entry is explicit.

// electron-vite rewrites `import.meta.url` to this file's own URL when it loads the config.
const root = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (...segments: string[]): string => resolve(root, ...segments);

// Native addons load a platform `.node` binary at runtime, so they must never be bundled.
// They are also in package.json `dependencies` (externalized by default); listing them
// again keeps them external even if someone turns `externalizeDeps` off.
const nativeModules = [
  'better-sqlite3-multiple-ciphers',
  '@napi-rs/keyring',
  '@node-rs/argon2',
  'sharp', // receipt thumbnails; loads libvips from @img/* at runtime
];

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      rolldownOptions: {
        input: { index: fromRoot('src-main/index.ts') },
        external: nativeModules,
        // ESM (package.json "type": "module"), emitted as out/main/index.js.
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      // A sandboxed preload cannot `require` anything but `electron` (and a few
      // polyfilled built-ins), so what it imports is bundled in, not externalized. It
      // imports only src-shared/contract/channels.ts (plain strings, no zod: the main
      // process validates), so the bundle stays a few kilobytes.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('src-preload/index.ts') },
        // Sandboxed preloads cannot be ESM; `.cjs` because the package is "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('src-renderer'),
    plugins: [react()],
    build: {
      outDir: fromRoot('out/renderer'),
      rolldownOptions: {
        input: { index: fromRoot('src-renderer/index.html') },
      },
    },
  },
});
