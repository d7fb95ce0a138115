import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from '../_cliTestSupport';

const PASSPHRASE = 'categorize cli passphrase';
let dataDir: string;
let cleanup: () => void;
const run = (...args: string[]) => _runCasike(dataDir, PASSPHRASE, args);

beforeAll(() => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  expect(run('init').code).toBe(0);
  expect(run('account', 'add', 'Checking', '--type', 'checking', '--currency', 'USD').code).toBe(0);
  for (let i = 0; i < 3; i++) {
    expect(
      run(
        'add',
        'expense',
        '--amount',
        '4.50',
        '--account',
        'Checking',
        '--payee',
        `BLUE BOTTLE COFFEE #${i}`,
        '--category',
        'Coffee',
      ).code,
    ).toBe(0);
  }
  expect(
    run(
      'add',
      'expense',
      '--amount',
      '5.10',
      '--account',
      'Checking',
      '--payee',
      'SQ *BLUE BOTTLE COFFEE 0042',
    ).code,
  ).toBe(0);
}, 120_000);
afterAll(() => cleanup());

describe('casike categorize / ai', () => {
  it('suggests with an explanation, as JSON', () => {
    const result = run('--json', 'categorize', 'suggest');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      suggestions: { categoryName: string; explanation: string }[];
      ai: { status: string };
    };
    expect(parsed.ai.status).toBe('off');
    expect(parsed.suggestions).toHaveLength(1);
    expect(parsed.suggestions[0]?.categoryName).toBe('Coffee');
    expect(parsed.suggestions[0]?.explanation).toMatch(
      /You filed 3 of 3 'BLUE BOTTLE COFFEE' transactions under Coffee/,
    );
  });

  it('previews the exact payload without sending it, and nothing names the account', () => {
    const result = run('ai', 'preview');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/would be sent in 1 request/);
    expect(result.stdout).toContain('"store": false');
    expect(result.stdout).not.toContain('Checking');
  });

  it('applies at a confidence and rejects a bad one with a one-line error', () => {
    _expectOneLineError(run('categorize', 'apply', '--min-confidence', '2'), 1, /0\.5 to 1/);
    const result = run('categorize', 'apply', '--min-confidence', '0.75');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Categorized 1 transaction\./);
  });
});
