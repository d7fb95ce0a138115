/**
 * Bank file imports: format sniffing, the CSV/OFX/QFX/QIF/CAMT.053 parsers, and the
 * all-or-nothing import pipeline with dedupe, pending matching and rules.
 */
export { previewImportFile, importFile, type ImportFileOptions } from './importFile';
export { runImport } from './runImport';
export { ImportFileError, type ImportedRow, type ImportResult } from './importedRow';
export { IMPORT_FORMATS, type ImportFormat } from './parserTypes';
