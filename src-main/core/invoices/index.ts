/**
 * Invoices: clients, drafts, issuing with a gap-free number series, voids, payments
 * (optionally booked in the ledger), metrics, and the business shown on the header.
 * Totals follow invoiceTotals.ts; docs/invoices.md explains the rules.
 */
export { listClients, getClient, findClientByName, createClient, updateClient } from './clients';
export {
  getInvoice,
  listInvoices,
  findInvoiceByNumber,
  isOverdue,
  type InvoiceFilter,
} from './invoiceRead';
export {
  createDraftInvoice,
  updateDraftInvoice,
  deleteDraftInvoice,
  type InvoiceVault,
} from './invoiceWrite';
export { sendInvoice, voidInvoice, recordPayment } from './invoiceLifecycle';
export { invoiceMetrics } from './invoiceMetrics';
export { getNumbering, setNumbering, formatInvoiceNumber, type Numbering } from './numbering';
export { getBusiness, getBusinessDetails, setBusiness, type BusinessDetails } from './business';
export {
  computeInvoiceTotals,
  quantityToMilli,
  milliToQuantity,
  type ComputedTotals,
  type LineFigures,
} from './invoiceTotals';
