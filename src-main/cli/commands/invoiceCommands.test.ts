import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _tempDataDir } from '../../core/vault/_testSupport';
import { _pdfPages } from '../../core/exports/pdf/_pdfTestSupport';
import { _expectOneLineError, _runCasike } from '../_cliTestSupport';

// The real `casike` binary, one vault for the whole story: client, business, invoices
// sent, paid into the ledger, voided, exported as PDF, and a statement of the account.

const PASS = 'invoice cli passphrase';
let dataDir: string;
let cleanup: () => void;
const casike = (args: string[]) => _runCasike(dataDir, PASS, args);

beforeAll(() => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  expect(casike(['init']).code).toBe(0);
  expect(casike(['account', 'add', 'Business', '--currency', 'EUR']).code).toBe(0);
}, 120_000);
afterAll(() => cleanup());

describe('casike invoice', () => {
  it('creates, sends, pays, voids and exports invoices', () => {
    const png = join(dataDir, 'logo.png');
    writeFileSync(
      png,
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    expect(
      casike([
        'business',
        'set',
        '--name',
        'Studio Casike',
        '--address',
        '1 Main St\\nParis',
        '--logo',
        png,
      ]).code,
    ).toBe(0);
    expect(
      casike(['client', 'add', 'Acme Corp', '--email', 'ap@acme.test', '--tax-id', 'US-1']).stdout,
    ).toContain('Added client "Acme Corp"');

    const created = casike([
      'invoice',
      'create',
      '--client',
      'acme corp',
      '--item',
      'Design: logo:3:150.00:20%',
      '--item',
      'Hosting:1.5:20',
      '--due',
      '2099-01-31',
      '--send',
      '--json',
    ]);
    expect(created.stderr).toBe('');
    // 3 × 150.00 at 20 % + 1.5 × 20.00 at 0 % = 450 + 90 + 30 = 570.00
    expect(JSON.parse(created.stdout)).toMatchObject({
      number: 'INV-0001',
      status: 'sent',
      total: 57_000,
      currency: 'EUR',
    });

    const draft = JSON.parse(
      casike(['invoice', 'create', '--client', 'Acme Corp', '--item', 'Extra:1:10', '--json'])
        .stdout,
    ) as { id: string; number: null };
    expect(draft.number).toBeNull();
    expect(casike(['invoice', 'send', draft.id]).stdout).toContain('Sent invoice INV-0002');
    expect(casike(['invoice', 'void', 'INV-0002']).stdout).toContain('Voided invoice INV-0002');

    expect(
      casike(['invoice', 'pay', 'INV-0001', '--amount', '100.00', '--account', 'Business']).stdout,
    ).toMatch(/Recorded 100.00 EUR on INV-0001: partially paid, 470.00 EUR due/);
    _expectOneLineError(
      casike(['invoice', 'pay', 'INV-0001', '--amount', '470.01']),
      1,
      /more than the 470.00 EUR still due/,
    );
    _expectOneLineError(casike(['invoice', 'pay', 'INV-0404', '--amount', '1']), 1, /not found/);
    _expectOneLineError(
      casike(['invoice', 'create', '--client', 'Acme Corp', '--item', 'Oops:two:10']),
      1,
      /not a quantity/,
    );

    const list = JSON.parse(casike(['invoice', 'list', '--json']).stdout) as {
      number: string;
      status: string;
      balanceDue: number;
    }[];
    expect(list.map((row) => [row.number, row.status, row.balanceDue]).sort()).toEqual([
      ['INV-0001', 'partially_paid', 47_000],
      ['INV-0002', 'void', 0],
    ]);
    expect(casike(['invoice', 'list']).stdout).toMatch(/INV-0001\s+Acme Corp\s+partially paid/);

    const pdf = join(dataDir, 'INV-0001.pdf');
    expect(casike(['export', 'pdf', 'invoice', 'INV-0001', '--out', pdf]).code).toBe(0);
    const [page = ''] = _pdfPages(pdf);
    expect(page).toContain('Design: logo');
    expect(page).toMatch(/Total EUR\s+570.00/);
    expect(page).toMatch(/Balance due EUR\s+470.00/);
    _expectOneLineError(
      casike(['export', 'pdf', 'invoice', 'INV-0001', '--out', pdf]),
      1,
      /already exists; add --force/,
    );

    const today = new Date().toISOString().slice(0, 10);
    const statement = join(dataDir, 'statement.pdf');
    const written = JSON.parse(
      casike([
        'export',
        'pdf',
        'statement',
        '--account',
        'Business',
        '--from',
        '2000-01-01',
        '--to',
        '2099-12-31',
        '--out',
        statement,
        '--json',
      ]).stdout,
    ) as { rows: number; closing: number };
    expect(written).toMatchObject({ rows: 1, closing: 10_000 });
    const statementText = _pdfPages(statement).join('\n');
    expect(statementText).toMatch(
      new RegExp(`${today}\\s+Acme Corp - Payment for invoice INV-0001\\s+100.00\\s+100.00`),
    );

    const audit = JSON.parse(casike(['audit', 'list', '--json']).stdout) as {
      event: string;
    }[];
    expect(audit.filter((row) => row.event === 'export.created')).toHaveLength(2);
    expect(casike(['audit', 'verify']).code).toBe(0);
  }, 600_000);
});
