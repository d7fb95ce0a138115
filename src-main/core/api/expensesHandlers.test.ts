import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, Expense, ReceiptMeta } from '../../../src-shared/contract';
import { initVault } from '../vault';
import { _tempDataDir } from '../vault/_testSupport';
import { _pdfWithMarker, _pngWithMarker, _windowsExecutable } from '../receipts/_receiptFixtures';
import { createCoreApi, type CoreApi } from './index';

const PASSPHRASE = 'expenses handlers passphrase';
const temp = _tempDataDir();
const picked = join(temp.dir, 'picked-receipt.pdf');
let api: CoreApi;
let accountId: string;
const purposes: string[] = [];

beforeAll(async () => {
  await initVault(temp.dir, PASSPHRASE);
  writeFileSync(picked, _pdfWithMarker('picked'));
  api = createCoreApi({
    dataDir: temp.dir,
    pickFile: (purpose) => {
      purposes.push(purpose);
      return Promise.resolve(picked);
    },
  });
  await api.session.unlock({ method: 'passphrase', passphrase: PASSPHRASE });
  accountId = ok<{ id: string }>(
    await api.dispatch('accounts.create', { name: 'Checking', type: 'checking', currency: 'EUR' }),
  ).id;
});
afterAll(() => {
  api.session.lock('user');
  temp.cleanup();
});

function ok<T>(result: CallResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const auditEvents = () =>
  api.session
    .requireVault()
    .listAudit(100)
    .map((row) => row.event);
const count = (table: string) =>
  (
    api.session.requireVault().db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as {
      n: number;
    }
  ).n;

describe('expenses and receipts through dispatch', () => {
  it('creates an expense with dropped bytes, and reads a receipt back as bytes, audited', async () => {
    const png = await _pngWithMarker('dropped');
    const expense = ok<Expense>(
      await api.dispatch('expenses.create', {
        accountId,
        date: '2026-11-05',
        amount: 1_250,
        payee: 'Bäckerei',
        business: true,
        receipts: [{ fileName: 'Beleg.png', bytes: new Uint8Array(png) }],
      }),
    );
    expect(expense.transaction.amount).toBe(-1_250);
    const [meta] = expense.receipts;
    expect(meta).toMatchObject({
      fileName: 'Beleg.png',
      mediaType: 'image/png',
      hasThumbnail: true,
    });

    const read = ok<{ meta: ReceiptMeta; bytes: Uint8Array }>(
      await api.dispatch('receipts.read', { id: meta?.id }),
    );
    expect(Buffer.from(read.bytes).equals(png)).toBe(true);
    expect(auditEvents()[0]).toBe('receipt.viewed');

    const thumbnail = ok<{ mediaType: string; bytes: Uint8Array }>(
      await api.dispatch('receipts.thumbnail', { id: meta?.id }),
    );
    expect(thumbnail.mediaType).toBe('image/jpeg');
    expect((await sharp(thumbnail.bytes).metadata()).format).toBe('jpeg');
  });

  it('attaches a file the user picked in main’s dialog, by token; no path comes back', async () => {
    const expense = ok<Expense>(
      await api.dispatch('expenses.create', { accountId, date: '2026-11-06', amount: 99 }),
    );
    const choice = ok<{ fileToken: string; name: string }>(
      await api.dispatch('receipts.chooseFile', {}),
    );
    expect(purposes).toEqual(['receipt']);
    expect(choice.name).toBe('picked-receipt.pdf');
    const attached = ok<ReceiptMeta[]>(
      await api.dispatch('receipts.attach', {
        transactionId: expense.transaction.id,
        receipts: [{ fileToken: choice.fileToken }],
      }),
    );
    expect(attached.map((meta) => [meta.fileName, meta.mediaType])).toEqual([
      ['picked-receipt.pdf', 'application/pdf'],
    ]);
    const listed = await api.dispatch('receipts.list', { transactionId: expense.transaction.id });
    expect(JSON.stringify(listed)).not.toContain(temp.dir);
    const unknownToken = await api.dispatch('receipts.attach', {
      transactionId: expense.transaction.id,
      receipts: [{ fileToken: 'not-a-granted-token' }],
    });
    expect(unknownToken).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a renamed program with a clear VALIDATION error and stores nothing', async () => {
    const before = [count('transactions'), count('receipts')];
    const result = await api.dispatch('expenses.create', {
      accountId,
      date: '2026-11-07',
      amount: 500,
      receipts: [
        { fileName: 'ok.pdf', bytes: new Uint8Array(_pdfWithMarker('fine')) },
        { fileName: 'receipt.jpg', bytes: new Uint8Array(_windowsExecutable()) },
      ],
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          '"receipt.jpg" is a Windows program, not a receipt; attach a JPEG, PNG, HEIC or PDF file',
      },
    });
    expect([count('transactions'), count('receipts')]).toEqual(before);
  });

  it('deleting an expense from the ledger deletes its receipts and audits expense.deleted', async () => {
    const expense = ok<Expense>(
      await api.dispatch('expenses.create', {
        accountId,
        date: '2026-11-08',
        amount: 700,
        reimbursable: true,
        receipts: [{ fileName: 'a.pdf', bytes: new Uint8Array(_pdfWithMarker('a')) }],
      }),
    );
    const receiptId = expense.receipts[0]?.id;
    ok(await api.dispatch('transactions.delete', { id: expense.transaction.id }));
    expect(auditEvents()[0]).toBe('expense.deleted');
    expect(await api.dispatch('receipts.read', { id: receiptId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await api.dispatch('expenses.get', { transactionId: expense.transaction.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(api.session.requireVault().verifyAudit()).toMatchObject({ ok: true });
  });
});
