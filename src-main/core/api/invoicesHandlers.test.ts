import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../src-shared/contract';
import { _tempDataDir } from '../vault/_testSupport';
import { createCoreApi, type CoreApi } from './index';

// The invoice and PDF export calls through the real dispatcher: the contract's
// schemas on both sides, a real vault, and a save dialog that answers with a path the
// renderer never sees.

let api: CoreApi;
let dataDir: string;
let cleanup: () => void;
let answer: string | null;
const asked: string[] = [];

beforeEach(async () => {
  ({ dir: dataDir, cleanup } = _tempDataDir());
  answer = null;
  asked.length = 0;
  api = createCoreApi({
    dataDir,
    pickSaveFile: (suggestedName) => {
      asked.push(suggestedName);
      return Promise.resolve(answer);
    },
  });
  await api.session.create('invoice handler passphrase');
});
afterEach(() => {
  api.session.lock('user');
  cleanup();
});

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const result = (await api.dispatch(channel, input)) as CallResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}
const fails = async (channel: string, input: unknown) => {
  const result = await api.dispatch(channel, input);
  return result.ok ? null : result.error;
};

describe('invoice calls', () => {
  it('client → draft → send → payment → PDF to a chosen destination', async () => {
    const client = await ok<{ id: string }>('clients.create', { name: 'Acme', email: '' });
    const draft = await ok<{ id: string; number: null; totals: { total: number } }>(
      'invoices.createDraft',
      {
        clientId: client.id,
        currency: 'USD',
        lines: [{ description: 'Work', quantity: '10', unitPrice: 5_000, taxRateBp: 1000 }],
      },
    );
    expect(draft.totals.total).toBe(55_000);
    const sent = await ok<{ number: string }>('invoices.send', {
      id: draft.id,
      issueDate: '2026-01-10',
    });
    expect(sent.number).toBe('INV-0001');
    await ok('invoices.recordPayment', { invoiceId: draft.id, amount: 55_000, date: '2026-01-20' });
    expect(await ok('invoices.metrics', {})).toMatchObject({ averageDaysToPay: 10 });

    // Cancelled dialog: no token, nothing written.
    expect(await ok('exports.chooseDestination', { suggestedName: 'INV-0001.pdf' })).toBeNull();
    answer = join(dataDir, 'chosen.pdf');
    const target = await ok<{ fileToken: string; name: string }>('exports.chooseDestination', {
      suggestedName: 'INV-0001.pdf',
    });
    expect(asked).toEqual(['INV-0001.pdf', 'INV-0001.pdf']);
    // Only the base name comes back, never the folder.
    expect(target.name).toBe('chosen.pdf');
    expect(JSON.stringify(target)).not.toContain(dataDir);
    expect(
      await ok('exports.invoicePdf', { invoiceId: draft.id, fileToken: target.fileToken }),
    ).toEqual({ pages: 1, rows: 1 });
    expect(readFileSync(answer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses paths, unknown tokens and open-dialog tokens as export destinations', async () => {
    const account = await ok<{ id: string }>('accounts.create', {
      name: 'Checking',
      type: 'checking',
      currency: 'USD',
      openingBalance: 0,
    });
    const period = { accountId: account.id, from: '2026-01-01', to: '2026-01-31' };
    const path = join(dataDir, 'evil.pdf');
    expect(await fails('exports.statementPdf', { ...period, path })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(
      await fails('exports.statementPdf', { ...period, fileToken: 'made-up-token-123' }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    // A token for a file chosen to be read (an import) is not a place to write.
    const readToken = api.session.files.grant(path).fileToken;
    expect(await fails('exports.statementPdf', { ...period, fileToken: readToken })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(existsSync(path)).toBe(false);
  });

  it('answers bad invoice input with VALIDATION or CONFLICT, one line', async () => {
    const client = await ok<{ id: string }>('clients.create', { name: 'Acme' });
    expect(
      await fails('invoices.createDraft', {
        clientId: client.id,
        currency: 'USD',
        lines: [{ description: 'x', quantity: '1.2345', unitPrice: 1 }],
      }),
    ).toMatchObject({ code: 'VALIDATION' });
    expect(
      await fails('invoices.createDraft', { clientId: client.id, currency: 'USD', lines: [] }),
    ).toMatchObject({ code: 'VALIDATION' });
    expect(await fails('clients.create', { name: 'acme' })).toMatchObject({ code: 'CONFLICT' });
    expect(
      await fails('invoices.setBusiness', { name: 'x', logoBase64: 'PGh0bWw+' }),
    ).toMatchObject({ code: 'VALIDATION', message: 'the logo must be a PNG or JPEG image' });
  });
});
