import { exportExpenseReportPdf, exportInvoicePdf, exportStatementPdf } from '../exports/pdf';
import {
  createClient,
  createDraftInvoice,
  deleteDraftInvoice,
  getBusiness,
  getInvoice,
  getNumbering,
  invoiceMetrics,
  listClients,
  listInvoices,
  recordPayment,
  sendInvoice,
  setBusiness,
  setNumbering,
  updateClient,
  updateDraftInvoice,
  voidInvoice,
} from '../invoices';
import type { DomainChannels, HandlerMap } from './handlerTypes';

export const clientsHandlers: HandlerMap<DomainChannels<'clients'>> = {
  'clients.list': (_input, { session }) => listClients(session.requireVault().db),
  'clients.create': (input, { session }) => createClient(session.requireVault().db, input),
  'clients.update': ({ id, ...input }, { session }) =>
    updateClient(session.requireVault().db, id, input),
};

export const invoicesHandlers: HandlerMap<DomainChannels<'invoices'>> = {
  'invoices.list': (filter, { session }) => listInvoices(session.requireVault().db, filter),
  'invoices.get': ({ id }, { session }) => getInvoice(session.requireVault().db, id),
  'invoices.createDraft': (draft, { session }) => createDraftInvoice(session.requireVault(), draft),
  'invoices.updateDraft': ({ id, ...draft }, { session }) =>
    updateDraftInvoice(session.requireVault(), id, draft),
  'invoices.deleteDraft': ({ id }, { session }) => {
    deleteDraftInvoice(session.requireVault(), id);
    return { ok: true } as const;
  },
  'invoices.send': ({ id, issueDate }, { session }) =>
    sendInvoice(session.requireVault(), id, issueDate),
  'invoices.void': ({ id }, { session }) => voidInvoice(session.requireVault(), id),
  'invoices.recordPayment': (input, { session }) => recordPayment(session.requireVault().db, input),
  'invoices.metrics': (_input, { session }) => invoiceMetrics(session.requireVault().db),
  'invoices.getNumbering': (_input, { session }) => getNumbering(session.requireVault().db),
  'invoices.setNumbering': (input, { session }) => {
    const vault = session.requireVault();
    const numbering = setNumbering(vault.db, input);
    vault.audit('settings.changed', { setting: 'invoice.numbering' });
    return numbering;
  },
  'invoices.getBusiness': (_input, { session }) => getBusiness(session.requireVault().db),
  'invoices.setBusiness': (input, { session }) => setBusiness(session.requireVault(), input),
};

/** PDF exports go only to a destination the user picked in the save dialog (a token). */
export const pdfExportHandlers: HandlerMap<
  | 'exports.chooseDestination'
  | 'exports.invoicePdf'
  | 'exports.statementPdf'
  | 'exports.expenseReportPdf'
> = {
  'exports.chooseDestination': ({ suggestedName }, { session }) =>
    session.chooseSaveFile(suggestedName),
  'exports.invoicePdf': async ({ invoiceId, fileToken }, { session }) => {
    const vault = session.requireVault();
    const target = session.saveTargets.resolve(fileToken);
    return exportInvoicePdf(vault, invoiceId, target, { overwrite: true });
  },
  'exports.statementPdf': async ({ fileToken, ...period }, { session }) => {
    const vault = session.requireVault();
    const target = session.saveTargets.resolve(fileToken);
    const { pages, rows } = await exportStatementPdf(vault, period, target, {
      overwrite: true,
      onProgress: () => session.touch(),
    });
    return { pages, rows };
  },
  'exports.expenseReportPdf': async ({ fileToken, ...period }, { session }) => {
    const vault = session.requireVault();
    const target = session.saveTargets.resolve(fileToken);
    const { pages, rows } = await exportExpenseReportPdf(vault, period, target, {
      overwrite: true,
    });
    return { pages, rows };
  },
};
