import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AREAS,
  ELECTRON_AREAS,
  NO_NODE_AREAS,
  checkImportRules,
  collectImports,
  formatViolation,
  type AreaId,
  type Violation,
} from './importRules';

const scriptPath = fileURLToPath(new URL('./importRules.ts', import.meta.url));
const repoRoot = path.resolve(path.dirname(scriptPath), '..');

const tempRoots: string[] = [];
afterAll(() => {
  for (const dir of tempRoots) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a fixture tree (repo-relative path → source) into a fresh temp dir. */
function fixture(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'casike-import-rules-'));
  tempRoots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return root;
}

type Short = Pick<Violation, 'file' | 'line' | 'specifier' | 'rule'>;

function check(files: Record<string, string>): Short[] {
  return checkImportRules(fixture(files)).map(({ file, line, specifier, rule }) => ({
    file,
    line,
    specifier,
    rule,
  }));
}

describe('the repository', () => {
  it('follows the import rules', () => {
    const violations = checkImportRules(repoRoot).map(formatViolation);
    expect(violations).toEqual([]);
  });
});

describe('the policy table', () => {
  it('lists electron only for the areas DESIGN.md allows', () => {
    const withElectron = (Object.keys(AREAS) as AreaId[]).filter((id) =>
      AREAS[id].packages.includes('electron'),
    );
    expect(withElectron.sort()).toEqual([...ELECTRON_AREAS].sort());
  });

  it('keeps Node-free areas away from Node-side areas', () => {
    const nodeSide: AreaId[] = ['src-main/core', 'src-main/ipc', 'src-main/app', 'src-main/cli'];
    for (const id of NO_NODE_AREAS) {
      expect(AREAS[id].mayImport.filter((t) => nodeSide.includes(t))).toEqual([]);
    }
  });
});

describe('a clean tree', () => {
  it('has no violations when every area imports only what it may', () => {
    expect(
      check({
        'src-shared/domain/money.ts': "import { z } from 'zod';\nexport const x = z.number();",
        'src-shared/contract/ledger.ts': "import { x } from '../domain/money';\nexport { x };",
        'src-main/core/vault/index.ts': [
          "import fs from 'node:fs';",
          "import path from 'path';",
          "import Database from 'better-sqlite3-multiple-ciphers';",
          "import type { Money } from '../../../src-shared/domain/money.ts';",
          "import { other } from '../ledger';",
          "const argon = await import('@node-rs/argon2');",
        ].join('\n'),
        'src-main/core/vault/index.test.ts': [
          "import { it } from 'vitest';",
          "import fc from 'fast-check';",
          "import sqlcipher from '@journeyapps/sqlcipher';",
          "import { open } from './index';",
        ].join('\n'),
        'src-main/ipc/register.ts':
          "import { ipcMain } from 'electron';\nimport { open } from '../core/vault';",
        'src-main/app/window.ts': "import { BrowserWindow } from 'electron';",
        'src-main/cli/main.ts': "import { Command } from 'commander';\nimport '../core/vault';",
        'src-main/index.ts': [
          "import { app } from 'electron';",
          "import './app/window';",
          "import './ipc/register';",
          "import './core/vault';",
        ].join('\n'),
        'src-preload/index.ts': [
          "import { contextBridge, ipcRenderer } from 'electron';",
          "import type { Ledger } from '../src-shared/contract/ledger';",
          "import { calls } from '../src-shared/contract';",
        ].join('\n'),
        'src-renderer/main.tsx': [
          "import { createRoot } from 'react-dom/client';",
          "import { useState } from 'react';",
          "import { x } from '../src-shared/domain/money';",
          "import { App } from './App';",
        ].join('\n'),
        'sync-server/src/app.ts':
          "import Fastify from 'fastify';\nimport { x } from '../../src-shared/contract/ledger';",
        'src-renderer/node_modules/evil/index.ts': "import 'electron';",
      }),
    ).toEqual([]);
  });
});

describe('catches', () => {
  it('core importing electron, by value and by type', () => {
    expect(
      check({
        'src-main/core/a.ts': "import { app } from 'electron';",
        'src-main/core/b.ts': "\n\nimport type { BrowserWindow } from 'electron';",
      }),
    ).toEqual([
      { file: 'src-main/core/a.ts', line: 1, specifier: 'electron', rule: 'electron' },
      { file: 'src-main/core/b.ts', line: 3, specifier: 'electron', rule: 'electron' },
    ]);
  });

  it('core importing app or ipc', () => {
    expect(
      check({
        'src-main/core/a.ts': "import '../app/window';\nexport * from '../ipc/register';",
      }),
    ).toEqual([
      { file: 'src-main/core/a.ts', line: 1, specifier: '../app/window', rule: 'layer' },
      { file: 'src-main/core/a.ts', line: 2, specifier: '../ipc/register', rule: 'layer' },
    ]);
  });

  it('cli importing electron or the Electron layers', () => {
    expect(
      check({
        'src-main/cli/a.ts': [
          "const { app } = require('electron');",
          "import '../app/menu';",
          "import '../ipc/x';",
          "import '../index';",
        ].join('\n'),
      }),
    ).toEqual([
      { file: 'src-main/cli/a.ts', line: 1, specifier: 'electron', rule: 'electron' },
      { file: 'src-main/cli/a.ts', line: 2, specifier: '../app/menu', rule: 'layer' },
      { file: 'src-main/cli/a.ts', line: 3, specifier: '../ipc/x', rule: 'layer' },
      { file: 'src-main/cli/a.ts', line: 4, specifier: '../index', rule: 'layer' },
    ]);
  });

  it('the renderer importing Node built-ins, electron or main-process code', () => {
    expect(
      check({
        'src-renderer/a.tsx': [
          "import { readFileSync } from 'node:fs';",
          "import path from 'path';",
          "import { ipcRenderer } from 'electron';",
          "import { open } from '../src-main/core/vault';",
          "import '../src-preload/index';",
        ].join('\n'),
        'src-renderer/b.d.ts': '/// <reference types="node" />\nexport {};',
      }),
    ).toEqual([
      { file: 'src-renderer/a.tsx', line: 1, specifier: 'node:fs', rule: 'node-builtin' },
      { file: 'src-renderer/a.tsx', line: 2, specifier: 'path', rule: 'node-builtin' },
      { file: 'src-renderer/a.tsx', line: 3, specifier: 'electron', rule: 'electron' },
      {
        file: 'src-renderer/a.tsx',
        line: 4,
        specifier: '../src-main/core/vault',
        rule: 'layer',
      },
      { file: 'src-renderer/a.tsx', line: 5, specifier: '../src-preload/index', rule: 'layer' },
      { file: 'src-renderer/b.d.ts', line: 1, specifier: 'node', rule: 'node-builtin' },
    ]);
  });

  it('shared code importing main-process code, Node or electron', () => {
    expect(
      check({
        'src-shared/domain/a.ts': [
          "import { open } from '../../src-main/core/vault';",
          "import { createHash } from 'node:crypto';",
          "type App = typeof import('electron');",
          "import { calls } from '../contract';",
        ].join('\n'),
        'src-shared/contract/b.ts': "export * from '../../src-main/ipc/register';",
      }),
    ).toEqual([
      {
        file: 'src-shared/contract/b.ts',
        line: 1,
        specifier: '../../src-main/ipc/register',
        rule: 'layer',
      },
      {
        file: 'src-shared/domain/a.ts',
        line: 1,
        specifier: '../../src-main/core/vault',
        rule: 'layer',
      },
      { file: 'src-shared/domain/a.ts', line: 2, specifier: 'node:crypto', rule: 'node-builtin' },
      { file: 'src-shared/domain/a.ts', line: 3, specifier: 'electron', rule: 'electron' },
      { file: 'src-shared/domain/a.ts', line: 4, specifier: '../contract', rule: 'layer' },
    ]);
  });

  it('the preload importing anything but electron and the contract', () => {
    expect(
      check({
        'src-preload/index.ts': [
          "import { contextBridge } from 'electron';",
          "import React from 'react';",
          "import { toMinor } from '../src-shared/domain/money';",
          "import { z } from 'zod';",
          "import { EventEmitter } from 'node:events';",
        ].join('\n'),
      }),
    ).toEqual([
      { file: 'src-preload/index.ts', line: 2, specifier: 'react', rule: 'package' },
      {
        file: 'src-preload/index.ts',
        line: 3,
        specifier: '../src-shared/domain/money',
        rule: 'layer',
      },
      { file: 'src-preload/index.ts', line: 4, specifier: 'zod', rule: 'package' },
      { file: 'src-preload/index.ts', line: 5, specifier: 'node:events', rule: 'node-builtin' },
    ]);
  });

  it('the sync server importing the desktop app or electron', () => {
    expect(
      check({
        'sync-server/src/routes/a.ts': [
          "import { open } from '../../../src-main/core/vault';",
          "import 'electron';",
          "import { x } from '../../../src-shared/domain/money';",
        ].join('\n'),
      }),
    ).toEqual([
      {
        file: 'sync-server/src/routes/a.ts',
        line: 1,
        specifier: '../../../src-main/core/vault',
        rule: 'layer',
      },
      { file: 'sync-server/src/routes/a.ts', line: 2, specifier: 'electron', rule: 'electron' },
    ]);
  });

  it('ipc and app importing each other (index.ts wires them)', () => {
    expect(
      check({
        'src-main/ipc/a.ts': "import { win } from '../app/window';",
        'src-main/app/b.ts': "import { reg } from '../ipc/a';",
      }),
    ).toEqual([
      { file: 'src-main/app/b.ts', line: 1, specifier: '../ipc/a', rule: 'layer' },
      { file: 'src-main/ipc/a.ts', line: 1, specifier: '../app/window', rule: 'layer' },
    ]);
  });

  it('files that belong to no area', () => {
    expect(
      check({
        'src-main/helpers.ts': 'export const a = 1;',
        'src-shared/util.ts': 'export const b = 2;',
        'src-main/core/ok.ts': "import { a } from '../helpers';\nimport '../../scripts/x';",
      }),
    ).toEqual([
      { file: 'src-main/core/ok.ts', line: 1, specifier: '../helpers', rule: 'layer' },
      { file: 'src-main/core/ok.ts', line: 2, specifier: '../../scripts/x', rule: 'layer' },
      { file: 'src-main/helpers.ts', line: 1, specifier: '', rule: 'outside-areas' },
      { file: 'src-shared/util.ts', line: 1, specifier: '', rule: 'outside-areas' },
    ]);
  });

  it('dynamic imports, including ones it cannot read', () => {
    expect(
      check({
        'src-main/core/a.ts': [
          'export async function f(name: string) {',
          "  const e = await import('electron');",
          '  return import(name);',
          '}',
          'const w = require(`../app/window`);',
        ].join('\n'),
      }),
    ).toEqual([
      { file: 'src-main/core/a.ts', line: 2, specifier: 'electron', rule: 'electron' },
      { file: 'src-main/core/a.ts', line: 3, specifier: 'name', rule: 'specifier' },
      { file: 'src-main/core/a.ts', line: 5, specifier: '../app/window', rule: 'layer' },
    ]);
  });

  it('packages that are not on the allow-list, and test tooling outside tests', () => {
    expect(
      check({
        'src-renderer/a.tsx': "import _ from 'lodash';\nimport { z } from 'zod';",
        'src-main/core/b.ts': "import { it } from 'vitest';\nimport { x } from '@scope/pkg/sub';",
        'src-main/core/b.test.ts': "import { it } from 'vitest';\nimport 'lodash';",
      }),
    ).toEqual([
      { file: 'src-main/core/b.test.ts', line: 2, specifier: 'lodash', rule: 'package' },
      { file: 'src-main/core/b.ts', line: 1, specifier: 'vitest', rule: 'package' },
      { file: 'src-main/core/b.ts', line: 2, specifier: '@scope/pkg/sub', rule: 'package' },
      { file: 'src-renderer/a.tsx', line: 1, specifier: 'lodash', rule: 'package' },
    ]);
  });

  it('test-only helpers: they may use test tooling, shipped code may not import them', () => {
    expect(
      check({
        'src-main/core/vault/_support.ts': "import fc from 'fast-check';",
        'src-main/core/vault/vault.test.ts': "import { make } from './_support';",
        'src-main/core/vault/_other.ts': "import { make } from './_support';",
        'src-main/core/vault/index.ts': "import { make } from './_support';",
        'src-main/core/ledger/index.ts': "\nexport * from '../vault/_support.ts';",
      }),
    ).toEqual([
      {
        file: 'src-main/core/ledger/index.ts',
        line: 2,
        specifier: '../vault/_support.ts',
        rule: 'test-only',
      },
      { file: 'src-main/core/vault/index.ts', line: 1, specifier: './_support', rule: 'test-only' },
    ]);
  });

  it('specifiers that escape layering: absolute paths, subpath imports, URLs', () => {
    expect(
      check({
        'src-renderer/a.ts': [
          "import '/etc/passwd';",
          "import '#internal';",
          "import 'https://example.com/x.js';",
        ].join('\n'),
      }),
    ).toEqual([
      { file: 'src-renderer/a.ts', line: 1, specifier: '/etc/passwd', rule: 'specifier' },
      { file: 'src-renderer/a.ts', line: 2, specifier: '#internal', rule: 'specifier' },
      {
        file: 'src-renderer/a.ts',
        line: 3,
        specifier: 'https://example.com/x.js',
        rule: 'specifier',
      },
    ]);
  });
});

describe('collectImports', () => {
  it('finds every import form and marks the type-only ones', () => {
    const refs = collectImports(
      'x.ts',
      [
        "import a from 'a';",
        "import type { B } from 'b';",
        "import { type C } from 'c';",
        "export * from 'd';",
        "export type { E } from 'e';",
        "import f = require('f');",
        "const g = await import('g');",
        "const h = require('h');",
        "let i: typeof import('i');",
        "const j = require.resolve('j');",
        "const k = import.meta.resolve('k');",
        "// import 'not-code';",
        'const s = "import \'not-code-either\'";',
      ].join('\n'),
    );
    expect(refs.map((r) => [r.specifier, r.line, r.typeOnly])).toEqual([
      ['a', 1, false],
      ['b', 2, true],
      // Not erased under verbatimModuleSyntax: `import {} from 'c'` stays.
      ['c', 3, false],
      ['d', 4, false],
      ['e', 5, true],
      ['f', 6, false],
      ['g', 7, false],
      ['h', 8, false],
      ['i', 9, true],
      ['j', 10, false],
      ['k', 11, false],
    ]);
  });
});

describe('the command', () => {
  const run = (root: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', scriptPath, root], {
      cwd: repoRoot,
      encoding: 'utf8',
    });

  it('exits 1 and prints one line per violation', () => {
    const root = fixture({
      'src-main/core/a.ts': "import 'electron';\nimport '../app/x';",
    });
    const result = run(root);
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^src-main\/core\/a\.ts:1: 'electron' \[electron\]/);
    expect(lines[1]).toMatch(/^src-main\/core\/a\.ts:2: '\.\.\/app\/x' \[layer\]/);
  });

  it('exits 0 on a clean tree', () => {
    const root = fixture({ 'src-main/core/a.ts': "import fs from 'node:fs';" });
    const result = run(root);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1 files checked, no violations/);
  });
});
