import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from './_cliTestSupport';

const PASS = 'import cli passphrase';
const FORMATS = fileURLToPath(new URL('../core/imports/formats/', import.meta.url));
let dataDir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  expect(casike(['init']).code).toBe(0);
  expect(casike(['account', 'add', 'Checking']).code).toBe(0);
});
afterEach(() => cleanup());

const casike = (args: string[]) => _runCasike(dataDir, PASS, args);
const rowCount = () =>
  (JSON.parse(casike(['list', '--json', '--limit', '500']).stdout) as unknown[]).length;

describe('casike import', () => {
  it('imports CSV and OFX, and importing again adds nothing', () => {
    const csv = join(FORMATS, 'csv/fixtures/chase-checking.csv');
    const ofx = join(FORMATS, 'ofx/fixtures/checking-ofx1.ofx');
    expect(JSON.parse(casike(['import', csv, '--json']).stdout)).toMatchObject({
      format: 'csv',
      added: 30,
    });
    expect(JSON.parse(casike(['import', ofx, '--json']).stdout)).toMatchObject({
      format: 'ofx',
      added: 12,
    });
    expect(JSON.parse(casike(['import', csv, '--json']).stdout)).toMatchObject({
      added: 0,
      duplicates: 30,
    });
    expect(JSON.parse(casike(['import', ofx, '--json']).stdout)).toMatchObject({
      added: 0,
      duplicates: 12,
    });
    expect(rowCount()).toBe(42);
    const audit = JSON.parse(casike(['audit', 'list', '--json']).stdout) as { event: string }[];
    expect(audit.filter((row) => row.event === 'import.completed')).toHaveLength(4);
  });

  it('refuses a truncated OFX, a CSV with a bad date on line 57 and a PNG: one line, exit 1, nothing added', () => {
    _expectOneLineError(
      casike(['import', join(FORMATS, 'ofx/fixtures/truncated.ofx')]),
      1,
      /^casike: line \d+: .*truncated/,
    );
    _expectOneLineError(
      casike(['import', join(FORMATS, 'csv/fixtures/bad-date-line-57.csv')]),
      1,
      /^casike: line 57: /,
    );
    const png = join(dataDir, 'statement.csv');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'));
    _expectOneLineError(casike(['import', png]), 1, /PNG image/);
    expect(rowCount()).toBe(0);
  });

  it('exports to CSV and re-imports into another account exactly', () => {
    casike(['import', join(FORMATS, 'csv/fixtures/chase-checking.csv')]);
    const out = join(dataDir, 'export.csv');
    expect(casike(['export', 'csv', '--out', out]).code).toBe(0);
    casike(['account', 'add', 'Copy']);
    expect(JSON.parse(casike(['import', out, '--account', 'Copy', '--json']).stdout)).toMatchObject(
      { added: 30 },
    );
    const list = (account: string) =>
      (
        JSON.parse(casike(['list', '--json', '--account', account, '--limit', '500']).stdout) as {
          date: string;
          amount: number;
          payee: string | null;
          memo: string;
        }[]
      ).map(({ date, amount, payee, memo }) => ({ date, amount, payee, memo }));
    expect(list('Copy')).toEqual(list('Checking'));
  });
});
