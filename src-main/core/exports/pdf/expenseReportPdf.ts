import type { ReceiptMeta } from '../../../../src-shared/contract/expenses';
import type { CurrencyCode, DateString } from '../../../../src-shared/domain';
import { invalid } from '../../coreError';
import type { SqlDatabase } from '../../db/openDatabase';
import {
  listExpensesForReport,
  readReceiptThumbnail,
  totalsByCategory,
  type ExpenseReportRow,
} from '../../expenses';
import { getBusinessDetails } from '../../invoices';
import { ReceiptHashWorker, readReceiptBytesCheckedLater } from '../../receipts';
import type { ExportVault } from '../transactionsCsv';
import { pdfAmount } from './pdfAmounts';
import { drawImage, drawTotals, imageKind } from './pdfBlocks';
import { FONT_SIZE, PdfLayout } from './pdfDocument';
import { writePdfStreaming } from './pdfFile';
import { PendingChecks } from './pendingChecks';
import { drawTable, type PdfColumn } from './pdfTable';

export interface ExpenseReportPeriod {
  from: DateString;
  to: DateString;
}

/** A receipt as the report numbers it: R1, R2, … in the order the table lists them. */
interface NumberedReceipt {
  label: string;
  meta: ReceiptMeta;
  expense: ExpenseReportRow;
}

const THUMBNAIL_POINTS = 30;

/** "B D R (to submit)": business, tax-deductible, reimbursable and its status. */
function flagText(row: ExpenseReportRow): string {
  const { flags } = row;
  const status = flags.reimbursementStatus?.replace('_', ' ');
  return [
    flags.business ? 'B' : '',
    flags.taxDeductible ? 'D' : '',
    flags.reimbursable ? (status ? `R (${status})` : 'R') : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function categoryText(row: ExpenseReportRow): string {
  if (row.lines.length <= 1) return row.lines[0]?.categoryName ?? 'Uncategorized';
  return row.lines
    .map(
      (line) => `${line.categoryName ?? 'Uncategorized'} ${pdfAmount(line.amount, row.currency)}`,
    )
    .join('; ');
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Draws the receipt's thumbnail in its table cell. Thumbnails are read from the vault
 * one row at a time as the table is drawn, and pdfkit writes each out as it embeds it,
 * so a report over thousands of receipts never holds them all.
 */
function drawThumbnail(
  layout: PdfLayout,
  db: SqlDatabase,
  receipt: ReceiptMeta | undefined,
  box: { x: number; y: number },
): void {
  if (!receipt?.hasThumbnail) return;
  const bytes = readReceiptThumbnail(db, receipt.id);
  if (!bytes || !imageKind(bytes)) return;
  try {
    layout.doc.image(bytes, box.x, box.y, { fit: [THUMBNAIL_POINTS, THUMBNAIL_POINTS] });
  } catch {
    // A damaged thumbnail costs its picture, not the report.
  }
}

/**
 * One page per receipt: which expense it belongs to, then the original scaled to fit
 * the page (JPEG, PNG), or a line naming it where pdfkit cannot embed it (a PDF
 * receipt, whose pages pdfkit cannot import; a HEIC photo). Originals are read one at a
 * time; each is handed to the file writer before the next is read.
 *
 * Every original is checked against the SHA-256 recorded when it was stored, as
 * `readReceiptBytes` does, but the hashing runs on a worker thread while the next
 * receipt is read and laid out (PendingChecks, a few at a time). The appendix returns
 * only once every check has passed, and writePdfStreaming moves the file into place
 * only after that, so a report with a receipt that fails its check is never published.
 */
async function drawAppendix(
  layout: PdfLayout,
  db: SqlDatabase,
  receipts: readonly NumberedReceipt[],
  flush: () => Promise<void>,
): Promise<void> {
  const checks = new PendingChecks();
  const hasher = new ReceiptHashWorker();
  try {
    for (const { label, meta, expense } of receipts) {
      layout.newPage();
      layout.paragraph(`Receipt ${label}: ${meta.fileName}`, { bold: true, size: 12 });
      layout.paragraph(
        `${expense.date} - ${expense.payee ?? 'No payee'} - ${pdfAmount(expense.amount, expense.currency)} ${expense.currency} - ${categoryText(expense)}`,
        { gapAfter: 8 },
      );
      if (meta.mediaType === 'image/jpeg' || meta.mediaType === 'image/png') {
        const { bytes, check } = readReceiptBytesCheckedLater(db, meta.id, hasher);
        const fit: [number, number] = [layout.width, layout.bottom - layout.y];
        const drawn = await layout.drawSettled(() => drawImage(layout, bytes, fit));
        if (!drawn) layout.paragraph(`This image could not be embedded (${fileSize(meta.size)}).`);
        // pdfkit has copied the image into its output by now; the bytes go to the hasher.
        await checks.add(check());
        await flush();
      } else if (meta.mediaType === 'application/pdf') {
        layout.paragraph(`PDF receipt ${meta.fileName}, ${fileSize(meta.size)}`);
        layout.paragraph(
          'PDF pages cannot be embedded in this report; open the receipt in Casike to view it.',
        );
      } else {
        layout.paragraph(`Receipt ${meta.fileName} (${meta.mediaType}), ${fileSize(meta.size)}`);
        layout.paragraph('This image type cannot be embedded in a PDF; open it in Casike.');
      }
    }
    await checks.all();
  } finally {
    await hasher.close();
  }
}

/**
 * Lays out the expense report for a period: the business and the period, a table of
 * every expense (date, payee and memo, category, flags, amount, currency, receipt
 * numbers and a thumbnail), totals per currency and category (never summed across
 * currencies); `appendix` then draws one receipt per page, calling `flush` after each
 * original so the caller can write the bytes out as it goes (writePdfStreaming).
 */
export function layoutExpenseReport(
  db: SqlDatabase,
  period: ExpenseReportPeriod,
): {
  layout: PdfLayout;
  rows: number;
  receipts: number;
  appendix: (flush: () => Promise<void>) => Promise<void>;
} {
  if (period.from > period.to) throw invalid('the period starts after it ends');
  const business = getBusinessDetails(db);
  const expenses = listExpensesForReport(db, period);
  const title = `Expense report ${period.from} to ${period.to}`;
  const layout = new PdfLayout({
    title,
    headerRight: business.name,
    footerLeft: business.name ? `${business.name} - ${title}` : title,
  });

  if (business.logo) drawImage(layout, business.logo, [150, 50]);
  layout.textAt('Expense report', layout.left, layout.y + 4, {
    bold: true,
    size: FONT_SIZE.heading,
  });
  const businessLines = [
    business.name,
    business.address,
    business.email,
    business.taxId ? `Tax ID: ${business.taxId}` : '',
  ].filter(Boolean);
  layout.textAt(
    [
      ...businessLines,
      `Period: ${period.from} to ${period.to}`,
      `Expenses: ${expenses.length}`,
      'Flags: B business, D tax-deductible, R reimbursable (status)',
    ].join('\n'),
    layout.left,
    layout.doc.y + 4,
    { width: layout.width },
  );
  layout.y = layout.doc.y + 12;

  const numbered: NumberedReceipt[] = [];
  const labels = new Map<string, string>();
  for (const expense of expenses) {
    for (const meta of expense.receipts) {
      const label = `R${numbered.length + 1}`;
      numbered.push({ label, meta, expense });
      labels.set(meta.id, label);
    }
  }
  // Widths in points on A4 (weights, so they scale with the page).
  const columns: PdfColumn<ExpenseReportRow>[] = [
    { header: 'Date', width: 56, value: (row) => row.date },
    {
      header: 'Payee',
      width: 95,
      wrap: true,
      value: (row) => [row.payee ?? '', row.memo].filter(Boolean).join(' - '),
    },
    { header: 'Category', width: 120, wrap: true, value: categoryText },
    { header: 'Flags', width: 80, wrap: true, value: flagText },
    {
      header: 'Amount',
      width: 60,
      align: 'right',
      value: (row) => pdfAmount(row.amount, row.currency),
    },
    { header: 'Cur.', width: 32, value: (row) => row.currency },
    {
      header: 'Receipts',
      width: 68,
      wrap: true,
      value: (row) => row.receipts.map((meta) => labels.get(meta.id) ?? '').join(' '),
      cellHeight: (row) => (row.receipts.some((meta) => meta.hasThumbnail) ? THUMBNAIL_POINTS : 0),
      drawCell: (row, box) => {
        const receipt = row.receipts.find((meta) => meta.hasThumbnail);
        drawThumbnail(layout, db, receipt, { x: box.x + box.width - THUMBNAIL_POINTS, y: box.y });
      },
    },
  ];
  const rows = drawTable(layout, columns, expenses, { zebra: true });

  layout.y += 6;
  layout.paragraph('Totals by category', { bold: true, size: 12 });
  const totals = totalsByCategory(expenses);
  drawTable(
    layout,
    [
      { header: 'Currency', width: 1, value: (total) => total.currency },
      {
        header: 'Category',
        width: 4,
        wrap: true,
        value: (total) => total.categoryName ?? 'Uncategorized',
      },
      { header: 'Lines', width: 1, align: 'right', value: (total) => String(total.count) },
      {
        header: 'Amount',
        width: 2,
        align: 'right',
        value: (total) => pdfAmount(total.amount, total.currency),
      },
    ],
    totals,
  );
  const byCurrency = new Map<CurrencyCode, number>();
  for (const total of totals) {
    byCurrency.set(total.currency, (byCurrency.get(total.currency) ?? 0) + total.amount);
  }
  drawTotals(
    layout,
    [...byCurrency].map(([currency, amount]) => ({
      label: `Total ${currency}`,
      value: `${pdfAmount(amount, currency)} ${currency}`,
      bold: true,
    })),
  );

  return {
    layout,
    rows,
    receipts: numbered.length,
    appendix: (flush) => drawAppendix(layout, db, numbered, flush),
  };
}

/**
 * Writes the expense report PDF to `target` (atomically, streamed: receipt originals
 * go to the file one by one; an existing file only with `overwrite`) and records the export in the audit log (kind, counts and pages only).
 */
export async function exportExpenseReportPdf(
  vault: ExportVault,
  period: ExpenseReportPeriod,
  target: string,
  options: { overwrite: boolean },
): Promise<{ pages: number; rows: number; receipts: number }> {
  const { layout, rows, receipts, appendix } = layoutExpenseReport(vault.db, period);
  const { pages } = await writePdfStreaming(layout, target, options, appendix);
  vault.audit('export.created', { format: 'pdf', kind: 'expense_report', pages, rows, receipts });
  return { pages, rows, receipts };
}
