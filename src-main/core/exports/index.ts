/**
 * Exports: files the user asks for, written atomically, formula-injection safe, and
 * recorded in the audit log. CSV of transactions now; expenses and invoices (issue 5)
 * reuse `writeCsv` with their own columns.
 */
export {
  exportTransactionsCsv,
  type CsvExportOptions,
  type ExportVault,
  type TransactionExportFilters,
} from './transactionsCsv';
export { writeCsv, type CsvColumn, type TextSink, type WriteCsvOptions } from './csvWriter';
export { writeFileAtomically, type AtomicWriteOptions } from './atomicFile';
export { csvField, csvLine, neutralizeFormula } from './csvFormat';
