import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRY_FILE, REGISTRAR_FILE, scanSource, shippedSources } from './_ipcRegistrationScan';

const root = path.resolve(import.meta.dirname, '../..');

describe('IPC registrations', () => {
  it('every ipcMain registration in src-main goes through the sender-checking registrar', () => {
    const files = shippedSources(root, 'src-main');
    expect(files).toContain(ENTRY_FILE);
    expect(files).toContain(REGISTRAR_FILE);
    const violations = files.flatMap((file) =>
      scanSource(file, fs.readFileSync(path.join(root, file), 'utf8')),
    );
    expect(violations).toEqual([]);

    // And the entry really does hand ipcMain to the registrar (the scan would also pass
    // if nothing were registered at all).
    const entry = fs.readFileSync(path.join(root, ENTRY_FILE), 'utf8');
    expect(entry).toMatch(/registerContractHandlers\(\s*ipcMain,/);
  });

  it.each([
    ['src-main/app/menu.ts', "import { ipcMain } from 'electron';\nipcMain.on('x', () => 1);"],
    ['src-main/app/menu.ts', "import { ipcMain as bus } from 'electron';\nbus.handle('x', f);"],
    [
      'src-main/app/menu.ts',
      "import * as electron from 'electron';\nelectron.ipcMain.once('x', f);",
    ],
    ['src-main/app/menu.ts', "import electron from 'electron';\nconst m = electron.ipcMain;"],
    ['src-main/app/menu.ts', "const e = require('electron');\ne.ipcMain.handle('x', f);"],
    ['src-main/app/menu.ts', "require('electron').ipcMain.handle('x', f);"],
    ['src-main/app/menu.ts', "const { ipcMain } = require('electron');"],
    [ENTRY_FILE, "import { ipcMain } from 'electron';\nipcMain.handle('vault.export', f);"],
    [ENTRY_FILE, "import { ipcMain } from 'electron';\nconst bus = ipcMain;\nbus.on('x', f);"],
    [ENTRY_FILE, "import { ipcMain } from 'electron';\nregisterOther(ipcMain);"],
    [REGISTRAR_FILE, "export function r(ipcMain: M) { ipcMain.on('x', f); }"],
  ])('catches a registration that bypasses the check (%s: %j)', (file, text) => {
    expect(scanSource(file, text).length).toBeGreaterThan(0);
  });

  it('ignores comments, strings and type-only imports', () => {
    const text = [
      "import type { IpcMain } from 'electron';",
      '// ipcMain.on("x", f) in a comment',
      'const doc = "ipcMain.handle(\'x\')";',
      'export type T = IpcMain;',
    ].join('\n');
    expect(scanSource('src-main/app/menu.ts', text)).toEqual([]);
  });
});
