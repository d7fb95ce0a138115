import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from './_cliTestSupport';

const PASS = 'ledger cli passphrase';
let dataDir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  expect(casike(['init']).code).toBe(0);
});
afterEach(() => cleanup());

const casike = (args: string[]) => _runCasike(dataDir, PASS, args);

describe('casike ledger commands', () => {
  it('adds accounts, expenses and income, and lists and searches them', () => {
    expect(
      casike(['account', 'add', 'Checking', '--currency', 'usd', '--opening', '100.00']).stdout,
    ).toMatch(/balance 100.00/);
    expect(
      casike([
        'add',
        'expense',
        '--amount',
        '12.34',
        '--payee',
        'Blue Bottle',
        '--category',
        'Coffee',
        '--date',
        '2026-11-01',
      ]).code,
    ).toBe(0);
    expect(
      casike([
        'add',
        'income',
        '--amount',
        '2,500.00',
        '--payee',
        'ACME',
        '--category',
        'Income:Salary',
        '--date',
        '2026-11-15',
      ]).code,
    ).toBe(0);
    const listed = JSON.parse(casike(['list', '--json']).stdout) as {
      amount: number;
      payee: string;
    }[];
    expect(listed.map((row) => [row.payee, row.amount])).toEqual([
      ['ACME', 250_000],
      ['Blue Bottle', -1_234],
    ]);
    const found = JSON.parse(casike(['list', '--search', 'blue', '--json']).stdout) as unknown[];
    expect(found).toHaveLength(1);
    expect(casike(['list', '--category', 'Coffee']).stdout).toMatch(/Blue Bottle.*-12\.34/);
    casike(['account', 'add', 'Cash', '--type', 'cash']);
    _expectOneLineError(
      casike(['add', 'expense', '--amount', '1']),
      1,
      /several accounts; choose one with --account/,
    );
  });

  it('gives one-line errors for bad amounts, unknown accounts and categories, and bad dates', () => {
    casike(['account', 'add', 'Checking']);
    _expectOneLineError(
      casike(['add', 'expense', '--amount', '12.345']),
      1,
      /at most 2 decimal places/,
    );
    _expectOneLineError(casike(['add', 'expense', '--amount', 'abc']), 1, /Cannot read "abc"/);
    _expectOneLineError(casike(['add', 'expense', '--amount', '-5']), 1, /must be positive/);
    _expectOneLineError(
      casike(['add', 'expense', '--amount', '1', '--account', 'Nope']),
      1,
      /account "Nope" not found/,
    );
    _expectOneLineError(
      casike(['add', 'expense', '--amount', '1', '--category', 'Nope']),
      1,
      /category "Nope" not found/,
    );
    _expectOneLineError(
      casike(['add', 'expense', '--amount', '1', '--date', '2026-02-30']),
      1,
      /YYYY-MM-DD/,
    );
    _expectOneLineError(casike(['account', 'add', 'checking']), 1, /already exists/);
    expect(JSON.parse(casike(['list', '--json']).stdout)).toEqual([]);
  });
});
