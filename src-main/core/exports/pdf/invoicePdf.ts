import type { Invoice } from '../../../../src-shared/contract/invoices';
import { getBusinessDetails, getClient, getInvoice, type BusinessDetails } from '../../invoices';
import type { ExportVault } from '../transactionsCsv';
import { pdfAmount, pdfPercent } from './pdfAmounts';
import { drawImage, drawTotals, type TotalsLine } from './pdfBlocks';
import { FONT, FONT_SIZE, PdfLayout } from './pdfDocument';
import { writePdf } from './pdfFile';
import { drawTable, type PdfColumn } from './pdfTable';

type Line = Invoice['lines'][number];

const STATUS_TEXT: Record<Invoice['status'], string> = {
  draft: 'DRAFT',
  sent: '',
  partially_paid: 'PARTLY PAID',
  paid: 'PAID',
  void: 'VOID',
};

/**
 * Lays out an invoice: the business (logo, name, address, tax id), the invoice's number
 * and dates, the client, the lines (amounts right-aligned), a tax summary per rate,
 * totals, payments, terms and notes.
 */
export function layoutInvoice(
  invoice: Invoice,
  business: BusinessDetails,
  client: { name: string; email: string; address: string; taxId: string },
): PdfLayout {
  const title = invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice';
  const layout = new PdfLayout({
    title,
    headerRight: business.name,
    footerLeft: invoice.number ? `${business.name} - ${invoice.number}` : business.name,
  });
  const { doc } = layout;
  const currency = invoice.currency;
  const money = (minor: number) => pdfAmount(minor, currency);
  const top = layout.y;
  const half = layout.width / 2;

  // Left: the business. Right: what this document is.
  if (business.logo) drawImage(layout, business.logo, [150, 60]);
  if (business.logo) layout.y += 6;
  layout.textAt(business.name || ' ', layout.left, layout.y, { width: half, bold: true, size: 12 });
  const businessLines = [
    business.address,
    business.email,
    business.taxId ? `Tax ID: ${business.taxId}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  if (businessLines) layout.textAt(businessLines, layout.left, doc.y + 2, { width: half });
  const leftBottom = doc.y;

  const rightX = layout.left + half;
  layout.textAt('INVOICE', rightX, top, {
    width: half,
    align: 'right',
    bold: true,
    size: FONT_SIZE.heading,
  });
  const facts = [
    invoice.number ? `Number: ${invoice.number}` : 'Not yet issued',
    invoice.issueDate ? `Issue date: ${invoice.issueDate}` : '',
    invoice.dueDate ? `Due date: ${invoice.dueDate}` : '',
    `Currency: ${currency}`,
    STATUS_TEXT[invoice.status],
  ].filter(Boolean);
  layout.textAt(facts.join('\n'), rightX, doc.y + 4, { width: half, align: 'right' });
  layout.y = Math.max(leftBottom, doc.y) + 18;

  layout.textAt('Bill to', layout.left, layout.y, { bold: true, width: layout.width });
  const clientLines = [
    client.name,
    client.address,
    client.email,
    client.taxId ? `Tax ID: ${client.taxId}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  layout.textAt(clientLines, layout.left, doc.y + 2, { width: half });
  layout.y = doc.y + 16;

  const columns: PdfColumn<Line>[] = [
    { header: 'Description', width: 5, wrap: true, value: (line) => line.description },
    { header: 'Qty', width: 1, align: 'right', value: (line) => line.quantity },
    { header: `Unit price`, width: 1.5, align: 'right', value: (line) => money(line.unitPrice) },
    {
      header: 'Discount',
      width: 1.1,
      align: 'right',
      value: (line) => (line.discountBp ? pdfPercent(line.discountBp) : ''),
    },
    { header: 'Tax', width: 0.9, align: 'right', value: (line) => pdfPercent(line.taxRateBp) },
    {
      header: `Amount (${currency})`,
      width: 1.7,
      align: 'right',
      value: (line) => money(line.amount),
    },
  ];
  drawTable(layout, columns, invoice.lines);

  const { totals } = invoice;
  const lines: TotalsLine[] = [{ label: 'Subtotal', value: money(totals.subtotal) }];
  if (totals.discount > 0) {
    const how =
      invoice.discount?.kind === 'percent' ? ` (${pdfPercent(invoice.discount.basisPoints)})` : '';
    lines.push({ label: `Discount${how}`, value: `-${money(totals.discount)}` });
  }
  for (const tax of totals.taxes) {
    if (tax.rateBp === 0) continue;
    lines.push({
      label: `Tax ${pdfPercent(tax.rateBp)} on ${money(tax.base)}`,
      value: money(tax.tax),
    });
  }
  lines.push({ label: `Total ${currency}`, value: money(totals.total), bold: true });
  if (invoice.paid > 0) {
    lines.push({ label: 'Paid', value: `-${money(invoice.paid)}` });
    lines.push({ label: `Balance due ${currency}`, value: money(invoice.balanceDue), bold: true });
  }
  layout.y += 4;
  drawTotals(layout, lines);

  if (invoice.payments.length > 0) {
    layout.y += 8;
    layout.paragraph('Payments received', { bold: true, gapAfter: 2 });
    for (const payment of invoice.payments)
      layout.paragraph(`${payment.date}   ${money(payment.amount)} ${currency}`, { gapAfter: 1 });
  }
  if (invoice.paymentTerms) {
    layout.y += 8;
    layout.paragraph('Payment terms', { bold: true, gapAfter: 2 });
    layout.paragraph(invoice.paymentTerms);
  }
  if (invoice.notes) {
    layout.y += 8;
    layout.paragraph('Notes', { bold: true, gapAfter: 2 });
    layout.paragraph(invoice.notes);
  }
  doc.font(FONT.regular);
  return layout;
}

/**
 * Writes the invoice as a PDF to `target` (atomically; an existing file only with
 * `overwrite`) and records the export in the audit log (kind and page count, never the
 * path or the content).
 */
export async function exportInvoicePdf(
  vault: ExportVault,
  invoiceId: string,
  target: string,
  options: { overwrite: boolean },
): Promise<{ pages: number; rows: number }> {
  const invoice = getInvoice(vault.db, invoiceId);
  const layout = layoutInvoice(
    invoice,
    getBusinessDetails(vault.db),
    getClient(vault.db, invoice.clientId),
  );
  const { pages } = await writePdf(layout, target, options);
  vault.audit('export.created', {
    format: 'pdf',
    kind: 'invoice',
    pages,
    rows: invoice.lines.length,
  });
  return { pages, rows: invoice.lines.length };
}
