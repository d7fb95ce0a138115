import type { Invoice, ParsedInvoiceDraft } from '../../../src-shared/contract/invoices';
import { newId } from '../../../src-shared/domain/ids';
import { conflict } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';
import type { UnlockedVault } from '../vault';
import { getClient } from './clients';
import { getInvoice, getInvoiceRow } from './invoiceRead';
import { computeInvoiceTotals, quantityToMilli, type LineFigures } from './invoiceTotals';

/** What invoice writes need of the vault: the database and the audit log. */
export type InvoiceVault = Pick<UnlockedVault, 'db' | 'audit'>;

/**
 * Creates a draft. Drafts have no number: a number is given when the invoice is sent
 * (`sendInvoice`), so drafts can be deleted freely without leaving a gap in the series.
 */
export function createDraftInvoice(vault: InvoiceVault, draft: ParsedInvoiceDraft): Invoice {
  const db = vault.db;
  const id = newId();
  db.transaction(() => {
    getClient(db, draft.clientId);
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO invoices (id, client_id, status, currency, subtotal, discount_total, tax_total, total,
                             created_at, updated_at)
       VALUES (?, ?, 'draft', ?, 0, 0, 0, 0, ?, ?)`,
    ).run(id, draft.clientId, draft.currency, now, now);
    writeDraftBody(db, id, draft);
  })();
  vault.audit('invoice.created', { invoiceId: id, lines: draft.lines.length });
  return getInvoice(db, id);
}

/** Replaces a draft's client, currency, terms and lines. Issued invoices are fixed. */
export function updateDraftInvoice(
  vault: InvoiceVault,
  id: string,
  draft: ParsedInvoiceDraft,
): Invoice {
  const db = vault.db;
  db.transaction(() => {
    requireDraft(db, id, 'edited');
    getClient(db, draft.clientId);
    db.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?').run(id);
    writeDraftBody(db, id, draft);
  })();
  return getInvoice(db, id);
}

/** Deletes a draft. An issued invoice is never deleted (a trigger enforces it): void it. */
export function deleteDraftInvoice(vault: InvoiceVault, id: string): void {
  const db = vault.db;
  db.transaction(() => {
    requireDraft(db, id, 'deleted');
    db.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?').run(id);
    db.prepare('DELETE FROM invoices WHERE id = ?').run(id);
  })();
  vault.audit('invoice.deleted', { invoiceId: id });
}

function requireDraft(db: SqlDatabase, id: string, verb: string): void {
  const row = getInvoiceRow(db, id);
  if (row.status !== 'draft')
    throw conflict(`invoice ${row.number ?? ''} has been sent and cannot be ${verb}; void it`);
}

function writeDraftBody(db: SqlDatabase, id: string, draft: ParsedInvoiceDraft): void {
  const figures: LineFigures[] = draft.lines.map((line) => ({
    quantityMilli: quantityToMilli(line.quantity),
    unitPrice: line.unitPrice,
    taxRateBp: line.taxRateBp,
    discountBp: line.discountBp,
  }));
  const totals = computeInvoiceTotals(figures, draft.discount);
  const insertLine = db.prepare(
    `INSERT INTO invoice_lines (invoice_id, position, description, quantity_milli, unit_price, tax_rate_bp, discount_bp)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  draft.lines.forEach((line, index) => {
    const figure = figures[index];
    if (!figure) return;
    insertLine.run(
      id,
      index,
      line.description,
      figure.quantityMilli,
      figure.unitPrice,
      figure.taxRateBp,
      figure.discountBp,
    );
  });
  db.prepare(
    `UPDATE invoices SET client_id = ?, currency = ?, due_date = ?, payment_terms = ?, notes = ?, discount = ?,
       subtotal = ?, discount_total = ?, tax_total = ?, total = ?, updated_at = ? WHERE id = ?`,
  ).run(
    draft.clientId,
    draft.currency,
    draft.dueDate,
    draft.paymentTerms,
    draft.notes,
    draft.discount ? JSON.stringify(draft.discount) : null,
    totals.subtotal,
    totals.discount,
    totals.tax,
    totals.total,
    new Date().toISOString(),
    id,
  );
}
