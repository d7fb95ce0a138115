import type { ReceiptSource } from '../../../src-shared/contract/expenses';
import { notFound } from '../coreError';
import {
  createExpense,
  createMileageExpense,
  deleteExpense,
  getExpense,
  getMileageRate,
  listExpenses,
  setMileageRate,
  updateExpense,
} from '../expenses';
import {
  attachReceipts,
  deleteReceipt,
  getReceiptMeta,
  listReceipts,
  prepareReceipt,
  readReceiptBytes,
  readReceiptFile,
  readReceiptThumbnail,
  type PreparedReceipt,
} from '../receipts';
import type { AppSession } from '../session/appSession';
import type { DomainChannels, HandlerMap } from './handlerTypes';

/**
 * Checks every receipt (content type, size, thumbnail) before anything is stored, so
 * one bad file in a batch stores none of them. A token names a file the user picked in
 * main's dialog; bytes come from a drop on the window. Neither is ever a path.
 */
async function prepareAll(
  session: AppSession,
  sources: readonly ReceiptSource[],
): Promise<PreparedReceipt[]> {
  const prepared: PreparedReceipt[] = [];
  for (const source of sources) {
    prepared.push(
      'fileToken' in source
        ? await readReceiptFile(session.files.resolve(source.fileToken))
        : await prepareReceipt(source.fileName, source.bytes),
    );
  }
  return prepared;
}

export const expensesHandlers: HandlerMap<DomainChannels<'expenses' | 'receipts'>> = {
  'expenses.create': async ({ receipts, ...input }, { session }) => {
    session.requireVault();
    const prepared = await prepareAll(session, receipts);
    return createExpense(session.requireVault(), input, prepared);
  },
  'expenses.createMileage': async ({ receipts, ...input }, { session }) => {
    session.requireVault();
    const prepared = await prepareAll(session, receipts);
    return createMileageExpense(session.requireVault(), input, prepared);
  },
  'expenses.get': ({ transactionId }, { session }) =>
    getExpense(session.requireVault().db, transactionId),
  'expenses.list': (query, { session }) => listExpenses(session.requireVault().db, query),
  'expenses.update': ({ transactionId, patch }, { session }) =>
    updateExpense(session.requireVault(), transactionId, patch),
  'expenses.delete': ({ transactionId }, { session }) => ({
    deleted: deleteExpense(session.requireVault(), transactionId),
  }),
  'expenses.getMileageRate': (_input, { session }) => getMileageRate(session.requireVault().db),
  'expenses.setMileageRate': (rate, { session }) => setMileageRate(session.requireVault(), rate),

  'receipts.chooseFile': (_input, { session }) => {
    session.requireVault();
    return session.chooseFile('receipt');
  },
  'receipts.attach': async ({ transactionId, receipts }, { session }) => {
    const db = session.requireVault().db;
    // Fail fast on an unknown transaction, before reading or thumbnailing any file.
    if (!db.prepare('SELECT 1 FROM transactions WHERE id = ?').get(transactionId))
      throw notFound('transaction');
    const prepared = await prepareAll(session, receipts);
    return attachReceipts(session.requireVault().db, transactionId, prepared);
  },
  'receipts.list': ({ transactionId }, { session }) =>
    listReceipts(session.requireVault().db, transactionId),
  'receipts.read': ({ id }, { session }) => {
    const vault = session.requireVault();
    const meta = getReceiptMeta(vault.db, id);
    const bytes = readReceiptBytes(vault.db, id);
    // Opening the original is a view of sensitive data (P000-43); thumbnails are not.
    vault.audit('receipt.viewed', { mediaType: meta.mediaType });
    return { meta, bytes };
  },
  'receipts.thumbnail': ({ id }, { session }) => {
    const bytes = readReceiptThumbnail(session.requireVault().db, id);
    return bytes ? { mediaType: 'image/jpeg' as const, bytes } : null;
  },
  'receipts.delete': ({ id }, { session }) => {
    const deleted = deleteReceipt(session.requireVault().db, id);
    if (deleted === 0) throw notFound('receipt');
    return { deleted };
  },
};
