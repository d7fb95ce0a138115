/**
 * The PDF kit every PDF export is built with (invoices, statements, and the expense
 * report): page layout with running header and "Page i of n" footers, tables whose
 * rows never split across pages and whose header repeats, right-aligned amounts, a
 * totals block, and PNG/JPEG embedding. `writePdf` puts the bytes in place atomically.
 */
export { PdfLayout, FONT, FONT_SIZE, type PdfSetup, type PdfDoc } from './pdfDocument';
export { drawTable, type PdfColumn, type PdfTableOptions } from './pdfTable';
export { drawTotals, drawImage, imageKind, type TotalsLine } from './pdfBlocks';
export { pdfSafeText } from './pdfText';
export { writePdf, writePdfStreaming } from './pdfFile';
export { pdfAmount, pdfPercent } from './pdfAmounts';
export { exportInvoicePdf, layoutInvoice } from './invoicePdf';
export { exportStatementPdf, layoutStatement, type StatementPeriod } from './statementPdf';
export {
  exportExpenseReportPdf,
  layoutExpenseReport,
  type ExpenseReportPeriod,
} from './expenseReportPdf';
