import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _jpegWithMarker } from '../../core/receipts/_receiptFixtures';
import { _pdfPages } from '../../core/exports/pdf/_pdfTestSupport';
import { _tempDataDir } from '../../core/vault/_testSupport';
import { _expectOneLineError, _runCasike } from '../_cliTestSupport';

const PASS = 'pdf export cli passphrase';
let dataDir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
});
afterEach(() => cleanup());

const casike = (args: string[]) => _runCasike(dataDir, PASS, args);

describe('casike export pdf expenses', () => {
  it('refuses a bad date or an inverted period with one line, before asking for the vault', () => {
    const out = join(dataDir, 'report.pdf');
    const base = ['export', 'pdf', 'expenses', '--out', out];
    _expectOneLineError(
      casike([...base, '--from', '2026-02-30', '--to', '2026-03-31']),
      1,
      /--from.*expected a date as YYYY-MM-DD/,
    );
    _expectOneLineError(
      casike([...base, '--from', '2026-04-01', '--to', '2026-03-31']),
      1,
      /--from is after --to/,
    );
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('writes the report with a receipt appendix page', async () => {
    expect(casike(['init']).code).toBe(0);
    expect(casike(['account', 'add', 'Checking', '--currency', 'USD']).code).toBe(0);
    const receipt = join(dataDir, 'lunch.jpg');
    writeFileSync(receipt, await _jpegWithMarker('lunch', 200, 300));
    const added = casike([
      'add',
      'expense',
      '--amount',
      '42.50',
      '--date',
      '2026-03-05',
      '--payee',
      'Cafe Lune',
      '--receipt',
      receipt,
    ]);
    expect(added.stderr).toBe('');
    const out = join(dataDir, 'report.pdf');
    const run = casike([
      'export',
      'pdf',
      'expenses',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Wrote .*report\.pdf \(1 expense, 1 receipt, 2 pages\)/);
    const [table = '', appendix = ''] = _pdfPages(out);
    expect(table).toMatch(/2026-03-05\s+Cafe Lune.*42\.50\s+USD\s+R1/);
    expect(table).toMatch(/Total USD\s+42\.50 USD/);
    expect(appendix).toContain('Receipt R1: lunch.jpg');
  }, 180_000);
});
