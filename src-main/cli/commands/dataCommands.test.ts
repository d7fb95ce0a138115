import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from '../_cliTestSupport';

const PASS = 'cli data passphrase';
let dataDir: string;
let outDir: string;
let cleanups: (() => void)[];

beforeEach(() => {
  const data = _tempDataDir();
  const out = _tempDataDir();
  dataDir = data.dir;
  outDir = out.dir;
  cleanups = [data.cleanup, out.cleanup];
});
afterEach(() => cleanups.forEach((cleanup) => cleanup()));

const casike = (args: string[], passphrase = PASS) => _runCasike(dataDir, passphrase, args);

describe('casike export json and casike vault delete', () => {
  it('exports all data as JSON, refuses to overwrite, and audits the export', () => {
    expect(casike(['init']).code).toBe(0);
    const out = join(outDir, 'everything.json');
    const run = casike(['export', 'json', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Exported \d+ rows from \d+ tables to /);
    const parsed = JSON.parse(readFileSync(out, 'utf8')) as { tables: Record<string, unknown> };
    expect(Object.keys(parsed.tables)).toContain('transactions');
    _expectOneLineError(casike(['export', 'json', '--out', out]), 1, /already exists/);
    expect(casike(['audit', 'list']).stdout).toMatch(/export\.created.*"kind":"all"/);
  });

  it('deletes only with --confirm and the right passphrase, and a second run is harmless', () => {
    expect(casike(['init']).code).toBe(0);
    _expectOneLineError(casike(['vault', 'delete']), 1, /add --confirm/);
    expect(casike(['vault', 'delete', '--confirm'], 'a wrong passphrase here').code).not.toBe(0);
    expect(readdirSync(dataDir)).toContain('vault.json');
    const done = casike(['vault', 'delete', '--confirm']);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Deleted the vault in /);
    expect(readdirSync(dataDir)).toEqual([]);
    const again = casike(['vault', 'delete', '--confirm', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ deleted: false, removedFiles: 0 });
  });
});
