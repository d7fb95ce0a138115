import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TransactionInputSchema,
  TransactionQuerySchema,
} from '../../../src-shared/contract/ledger';
import type { SqlDatabase } from '../db/openDatabase';
import { parseCsv, previewCsv } from '../imports/formats/csv';
import { runImport } from '../imports/runImport';
import { createAccount, createTransaction, searchTransactions } from '../ledger';
import type { UnlockedVault } from '../vault';
import { _openTempVault } from '../vault/_testSupport';
import { exportTransactionsCsv } from './index';

let vault: UnlockedVault;
let db: SqlDatabase;
let close: () => void;
let dir: string;
let checking: string;

beforeEach(async () => {
  const temp = await _openTempVault();
  vault = temp.vault;
  db = vault.db;
  close = temp.close;
  dir = mkdtempSync(join(tmpdir(), 'casike-export-'));
  checking = createAccount(db, {
    name: 'Checking',
    type: 'checking',
    currency: 'USD',
    openingBalance: 0,
  }).id;
});
afterEach(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

const add = (
  accountId: string,
  date: string,
  amount: number,
  payee: string | null,
  memo = '',
  extra = {},
) =>
  createTransaction(
    db,
    TransactionInputSchema.parse({ accountId, date, amount, payee, memo, ...extra }),
  );

const exportsAudited = () =>
  vault
    .listAudit(100)
    .filter((row) => row.event === 'export.created')
    .map((row) => JSON.parse(row.details) as Record<string, unknown>);

/** Exports everything, previews the file as a user would, and imports it into a new account. */
async function roundTrip(currency: 'USD' | 'EUR' | 'JPY' | 'KWD' = 'USD') {
  const file = join(dir, `roundtrip-${Math.random().toString(36).slice(2)}.csv`);
  await exportTransactionsCsv(vault, { accountId: checking }, file, { bom: true });
  const preview = await previewCsv(createReadStream(file), { currency });
  expect(preview.error).toBeNull();
  const copy = createAccount(db, {
    name: `Copy ${file.slice(-12)}`,
    type: 'checking',
    currency,
    openingBalance: 0,
  }).id;
  const result = await runImport(
    db,
    parseCsv(preview.dialect, preview.mapping)(createReadStream(file, { highWaterMark: 1024 }), {
      currency,
      warn: () => undefined,
    }),
    {
      accountId: copy,
      fileName: 'roundtrip.csv',
      format: 'csv',
      dryRun: false,
      transform: (draft) => draft,
    },
  );
  const shape = (accountId: string) =>
    searchTransactions(
      db,
      TransactionQuerySchema.parse({ accountId, sort: 'date_asc', limit: 500 }),
    ).items.map((t) => ({
      date: t.date,
      amount: t.amount,
      payee: t.payee,
      memo: t.memo,
      status: t.status,
    }));
  return { result, original: shape(checking), copy: shape(copy) };
}

describe('exportTransactionsCsv', () => {
  it('writes the columns, one row per transaction, oldest first, and audits the export', async () => {
    add(checking, '2026-01-05', -1234, 'Blue Bottle', 'oat latte', { tags: ['coffee', 'work'] });
    add(checking, '2026-01-02', 250_000, 'ACME', '', { status: 'pending' });
    const file = join(dir, 'out.csv');
    expect(await exportTransactionsCsv(vault, {}, file)).toBe(2);
    const lines = readFileSync(file, 'utf8').split('\r\n');
    expect(lines[0]).toBe('Date,Account,Payee,Category,Memo,Amount,Currency,Status,Tags,Id');
    expect(lines[1]).toMatch(/^2026-01-02,Checking,ACME,,,2500\.00,USD,pending,,[0-9a-f-]{36}$/);
    expect(lines[2]).toMatch(
      /^2026-01-05,Checking,Blue Bottle,,oat latte,-12\.34,USD,cleared,"coffee, work",/,
    );
    expect(exportsAudited()).toEqual([
      { format: 'csv', kind: 'transactions', rows: 2, bom: false },
    ]);
    expect(JSON.stringify(vault.listAudit(100))).not.toContain(dir);
  });

  it('never lets a cell start with a formula', async () => {
    add(checking, '2026-01-05', -100, '=HYPERLINK("http://evil","x")', '@SUM(1)');
    add(checking, '2026-01-06', -100, '+cmd|calc', '-2+3');
    const file = join(dir, 'out.csv');
    await exportTransactionsCsv(vault, {}, file);
    const cells = readFileSync(file, 'utf8')
      .split('\r\n')
      .slice(1)
      .flatMap((line) => line.split(','));
    for (const cell of cells) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+@]/);
    expect(cells.filter((c) => c.startsWith('-'))).toEqual(['-1.00', '-1.00']); // amounts stay numbers
  });

  it('pages through every matching row and honours the filters', async () => {
    const savings = createAccount(db, {
      name: 'Savings',
      type: 'savings',
      currency: 'EUR',
      openingBalance: 0,
    }).id;
    for (let i = 0; i < 1_234; i++)
      add(
        checking,
        `2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}`,
        -(i + 1),
        `Shop ${i}`,
      );
    add(savings, '2026-02-10', 5_000, 'Interest');
    expect(await exportTransactionsCsv(vault, {}, join(dir, 'all.csv'))).toBe(1_235);
    const dates = readFileSync(join(dir, 'all.csv'), 'utf8')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.slice(0, 10));
    expect(dates).toEqual([...dates].sort());
    expect(
      await exportTransactionsCsv(vault, { accountId: savings }, join(dir, 'savings.csv')),
    ).toBe(1);
    expect(readFileSync(join(dir, 'savings.csv'), 'utf8')).toContain(
      'Savings,Interest,,,50.00,EUR,',
    );
    expect(
      await exportTransactionsCsv(
        vault,
        { from: '2026-02-01', to: '2026-02-28' },
        join(dir, 'feb.csv'),
      ),
    ).toBe(412);
  });

  it('refuses to replace an existing file unless asked, leaving no partial file', async () => {
    add(checking, '2026-01-05', -100, 'A');
    const file = join(dir, 'out.csv');
    await exportTransactionsCsv(vault, {}, file);
    await expect(exportTransactionsCsv(vault, {}, file)).rejects.toThrow(/already exists/);
    await exportTransactionsCsv(vault, {}, file, { overwrite: true, bom: true });
    expect(readFileSync(file)[0]).toBe(0xef);
    expect(readdirSync(dir)).toEqual(['out.csv']);
    expect(exportsAudited()).toHaveLength(2);
  });

  it('writes to a stream the caller owns', async () => {
    add(checking, '2026-01-05', -100, 'A');
    let text = '';
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => void ((text += chunk.toString('utf8')), done()),
    });
    expect(await exportTransactionsCsv(vault, {}, sink)).toBe(1);
    expect(text).toContain('2026-01-05,Checking,A,,,-1.00,USD,cleared,,');
  });
});

describe('export then import', () => {
  it('round-trips dates, amounts, payees, memos and status exactly', async () => {
    add(checking, '2026-01-02', -1234, 'Blue Bottle, Oakland', 'two\nlines "quoted"');
    add(checking, '2026-01-02', -1234, 'Blue Bottle, Oakland', 'two\nlines "quoted"'); // twice, legitimately
    add(checking, '2026-01-03', 250_000, '=cmd|calc', '@note; with semicolon');
    add(checking, '2026-01-04', -1, '-minus payee', '+plus memo', { status: 'pending' });
    add(checking, '2026-01-05', -99_999_999, 'Café Zürich ☕', '');
    add(checking, '2026-01-06', 7, null, 'no payee');
    const { result, original, copy } = await roundTrip();
    expect(result.added).toBe(6);
    expect(copy).toEqual(original);
  });

  it('round-trips random transactions (property)', async () => {
    const text = fc.stringMatching(/^[A-Za-z0-9 ,;"'=+\-@é€\n]{0,20}$/).map((s) => s.trim());
    const line = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      amount: fc.integer({ min: -10_000_000, max: 10_000_000 }).filter((a) => a !== 0),
      payee: text.filter((s) => s !== '' && !s.includes('\n')),
      memo: text,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 15 }), async (lines) => {
        db.exec(
          'DELETE FROM transactions; DELETE FROM monthly_totals; DELETE FROM payee_month_totals;',
        );
        for (const l of lines)
          add(checking, `2026-03-${String(l.day).padStart(2, '0')}`, l.amount, l.payee, l.memo);
        const { copy, original } = await roundTrip();
        expect(copy).toEqual(original);
      }),
      { numRuns: 25 },
    );
  });

  it('round-trips currencies with 0 and 3 decimals', async () => {
    for (const currency of ['JPY', 'KWD'] as const) {
      db.exec(
        'DELETE FROM transactions; DELETE FROM monthly_totals; DELETE FROM payee_month_totals;',
      );
      checking = createAccount(db, {
        name: `Acc ${currency}`,
        type: 'checking',
        currency,
        openingBalance: 0,
      }).id;
      add(checking, '2026-01-02', -1234, 'Shop');
      add(checking, '2026-01-03', 1_234_567, 'Pay');
      const { copy, original } = await roundTrip(currency);
      expect(copy).toEqual(original);
    }
  });
});
