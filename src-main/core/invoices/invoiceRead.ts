import {
  InvoiceDiscountSchema,
  type Invoice,
  type InvoiceStatus,
  type InvoiceSummary,
} from '../../../src-shared/contract/invoices';
import type { CurrencyCode } from '../../../src-shared/domain';
import { todayLocal } from '../../../src-shared/domain/dates';
import { notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import { computeInvoiceTotals, milliToQuantity } from './invoiceTotals';

export interface InvoiceRow {
  id: string;
  number: string | null;
  client_id: string;
  client_name: string;
  status: InvoiceStatus;
  currency: CurrencyCode;
  issue_date: string | null;
  due_date: string | null;
  payment_terms: string;
  notes: string;
  discount: string | null;
  total: number;
  paid_total: number;
  paid_date: string | null;
  created_at: string;
}

interface LineRow {
  description: string;
  quantity_milli: number;
  unit_price: number;
  tax_rate_bp: number;
  discount_bp: number;
}

export const INVOICE_SELECT = `
  SELECT i.id, i.number, i.client_id, c.name AS client_name, i.status, i.currency, i.issue_date,
         i.due_date, i.payment_terms, i.notes, i.discount, i.total, i.paid_total, i.paid_date, i.created_at
  FROM invoices i JOIN invoice_clients c ON c.id = i.client_id`;

/** Overdue is derived, never stored: open (sent or partly paid) and due before today. */
export function isOverdue(
  row: Pick<InvoiceRow, 'status' | 'due_date'>,
  today: string = todayLocal(),
): boolean {
  return (
    (row.status === 'sent' || row.status === 'partially_paid') &&
    row.due_date !== null &&
    row.due_date < today
  );
}

export function toSummary(row: InvoiceRow, today?: string): InvoiceSummary {
  return {
    id: row.id,
    number: row.number,
    clientId: row.client_id,
    clientName: row.client_name,
    status: row.status,
    overdue: isOverdue(row, today),
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    total: row.total,
    paid: row.paid_total,
    balanceDue: row.status === 'void' ? 0 : row.total - row.paid_total,
  };
}

export function getInvoiceRow(db: SqlDatabase, id: string): InvoiceRow {
  const row = db.prepare(`${INVOICE_SELECT} WHERE i.id = ?`).get(id) as InvoiceRow | undefined;
  if (!row) throw notFound('invoice');
  return row;
}

/** By its number, as printed ("INV-0007"); the CLI's `invoice pay NUMBER`. */
export function findInvoiceByNumber(db: SqlDatabase, number: string): Invoice {
  const row = db.prepare('SELECT id FROM invoices WHERE number = ?').get(number.trim()) as
    { id: string } | undefined;
  if (!row) throw notFound(`invoice ${number.trim()}`);
  return getInvoice(db, row.id);
}

/** The whole invoice: lines with their computed amounts, totals, tax summary, payments. */
export function getInvoice(db: SqlDatabase, id: string): Invoice {
  const row = getInvoiceRow(db, id);
  const lineRows = db
    .prepare(
      'SELECT description, quantity_milli, unit_price, tax_rate_bp, discount_bp FROM invoice_lines WHERE invoice_id = ? ORDER BY position',
    )
    .all(id) as LineRow[];
  const discount = row.discount ? InvoiceDiscountSchema.parse(JSON.parse(row.discount)) : null;
  const totals = computeInvoiceTotals(
    lineRows.map((line) => ({
      quantityMilli: line.quantity_milli,
      unitPrice: line.unit_price,
      taxRateBp: line.tax_rate_bp,
      discountBp: line.discount_bp,
    })),
    discount,
  );
  const payments = db
    .prepare(
      'SELECT id, date, amount, transaction_id AS transactionId FROM invoice_payments WHERE invoice_id = ? ORDER BY date, created_at',
    )
    .all(id) as Invoice['payments'];
  return {
    ...toSummary(row),
    paymentTerms: row.payment_terms,
    notes: row.notes,
    discount,
    lines: lineRows.map((line, index) => ({
      description: line.description,
      quantity: milliToQuantity(line.quantity_milli),
      unitPrice: line.unit_price,
      taxRateBp: line.tax_rate_bp,
      discountBp: line.discount_bp,
      gross: totals.lines[index]?.gross ?? 0,
      amount: totals.lines[index]?.amount ?? 0,
    })),
    totals: {
      subtotal: totals.subtotal,
      discount: totals.discount,
      taxes: totals.taxes,
      tax: totals.tax,
      total: totals.total,
    },
    payments,
    paidDate: row.paid_date,
    createdAt: row.created_at,
  };
}

export interface InvoiceFilter {
  status?: InvoiceStatus | undefined;
  clientId?: string | undefined;
  overdueOnly?: boolean | undefined;
}

/** Newest first: drafts (no number yet) by creation, then issued ones by number. */
export function listInvoices(db: SqlDatabase, filter: InvoiceFilter = {}): InvoiceSummary[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.status) {
    where.push('i.status = ?');
    params.push(filter.status);
  }
  if (filter.clientId) {
    where.push('i.client_id = ?');
    params.push(filter.clientId);
  }
  const today = todayLocal();
  if (filter.overdueOnly) {
    where.push("i.status IN ('sent', 'partially_paid') AND i.due_date < ?");
    params.push(today);
  }
  const rows = db
    .prepare(
      `${INVOICE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY coalesce(i.issue_date, substr(i.created_at, 1, 10)) DESC, i.created_at DESC`,
    )
    .all(...params) as InvoiceRow[];
  return rows.map((row) => toSummary(row, today));
}
