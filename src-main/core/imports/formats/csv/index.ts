/**
 * CSV bank statements: detection (encoding, delimiter, header, column roles, number and
 * date formats), a preview for the user to confirm, and the streaming parser the import
 * pipeline runs. Saved layouts live in ../../savedMappings.ts.
 *
 * Handler flow: `previewCsv(stream, { currency, findSaved })` → the user confirms or
 * corrects `dialect`/`mapping` (and picks a date format when `needsDateFormatChoice`) →
 * `runImport(db, parseCsv(dialect, mapping)(stream, ctx), …)` → on success
 * `saveMapping(db, preview.signature, { dialect, mapping })`.
 */
export { parseCsv, csvRecordBatches } from './parseCsv';
export {
  previewCsv,
  PREVIEW_HEAD_BYTES,
  DEFAULT_MAX_SCAN_BYTES,
  type CsvPreviewOptions,
} from './previewCsv';
export { detectEncoding } from './csvEncoding';
export { csvSignature } from './csvSignature';
export { CsvTokenizer, type CsvRecord } from './csvTokenizer';
