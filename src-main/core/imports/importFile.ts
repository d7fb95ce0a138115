import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type {
  CsvChoices,
  ImportOutcome,
  ImportPreview,
} from '../../../src-shared/contract/imports';
import type {
  CsvDialect,
  CsvMapping,
  CsvPreview,
  CsvPreviewRow,
} from '../../../src-shared/contract/csvImport';
import type { SqlDatabase } from '../db/openDatabase';
import { getAccount, type TransactionDraft } from '../ledger';
import { DETECT_HEAD_BYTES, detectFormat } from './detectFormat';
import { parseCamt053 } from './formats/camt';
import { parseCsv, previewCsv } from './formats/csv';
import { parseOfx } from './formats/ofx';
import { parseQif } from './formats/qif';
import { ImportFileError } from './importedRow';
import type { ImportFormat, ParseContext, StatementParser } from './parserTypes';
import { runImport } from './runImport';
import { findMapping, saveMapping } from './savedMappings';

export interface ImportFileOptions {
  accountId: string;
  format?: ImportFormat | undefined;
  csv?: CsvChoices | undefined;
}

const PREVIEW_ROWS = 20;
const CHUNK_BYTES = 1024 * 1024;

/**
 * Reads what a file is and its first rows, without writing anything: the import
 * wizard's "detected format → mapping preview" step and `casike import --dry-run`'s
 * first half.
 */
export async function previewImportFile(
  db: SqlDatabase,
  path: string,
  options: ImportFileOptions,
): Promise<ImportPreview> {
  const format = options.format ?? (await sniff(path));
  const warnings: { line: number; message: string }[] = [];
  const ctx = contextFor(db, options.accountId, warnings);
  if (format === 'csv') {
    const csv = await detectCsv(db, path, options);
    return { fileName: fileName(path), format, csv, rows: csv.rows, warnings };
  }
  const rows: CsvPreviewRow[] = [];
  for await (const row of parserFor(format)(readChunks(path), ctx)) {
    rows.push({
      line: row.line,
      date: row.date,
      amount: row.amount,
      payee: row.payee,
      memo: row.memo,
      externalId: row.externalId,
      pending: row.pending,
    });
    if (rows.length >= PREVIEW_ROWS) break;
  }
  return { fileName: fileName(path), format, csv: null, rows, warnings };
}

/**
 * Imports a whole file as one all-or-nothing transaction: detection, parsing as a
 * stream (200 MB files never sit in memory whole), dedupe, rules, then commit. A CSV
 * layout that imported cleanly is remembered for the next file from the same bank.
 */
export async function importFile(
  db: SqlDatabase,
  path: string,
  options: ImportFileOptions & {
    dryRun: boolean;
    transform: (draft: TransactionDraft) => TransactionDraft;
    signal?: AbortSignal;
    onProgress?: (rowsRead: number) => void;
  },
): Promise<ImportOutcome> {
  const format = options.format ?? (await sniff(path));
  const warnings: { line: number; message: string }[] = [];
  const ctx = contextFor(db, options.accountId, warnings);
  let parser: StatementParser | null = format === 'csv' ? null : parserFor(format);
  let layout: { signature: string; dialect: CsvDialect; mapping: CsvMapping } | null = null;
  if (format === 'csv') {
    const csv = await detectCsv(db, path, options);
    if (csv.needsDateFormatChoice && !options.csv?.dateFormat && !options.csv?.dialect) {
      throw new ImportFileError(
        `the dates fit ${csv.dateFormatCandidates.join(' and ')}; choose the date format`,
      );
    }
    if (csv.error) throw new ImportFileError(csv.error.message, csv.error.line);
    layout = { signature: csv.signature, dialect: csv.dialect, mapping: csv.mapping };
    parser = parseCsv(csv.dialect, csv.mapping);
  }
  if (!parser) throw new Error('no parser for this format');
  const result = await runImport(db, parser(readChunks(path), ctx), {
    accountId: options.accountId,
    fileName: fileName(path),
    format,
    dryRun: options.dryRun,
    transform: options.transform,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  if (layout && !options.dryRun)
    saveMapping(db, layout.signature, { dialect: layout.dialect, mapping: layout.mapping });
  return {
    format,
    added: result.added,
    duplicates: result.duplicates,
    pendingMatched: result.pendingMatched,
    warnings: [...warnings, ...result.warnings],
    dryRun: options.dryRun,
  };
}

async function detectCsv(
  db: SqlDatabase,
  path: string,
  options: ImportFileOptions,
): Promise<CsvPreview> {
  const account = getAccount(db, options.accountId);
  const choices = options.csv ?? {};
  const dialect =
    choices.dialect ?? (choices.dateFormat ? { dateFormat: choices.dateFormat } : undefined);
  return previewCsv(readChunks(path), {
    currency: account.currency,
    accountType: account.type,
    findSaved: (signature) => findMapping(db, signature),
    ...(dialect ? { dialect } : {}),
    ...(choices.mapping ? { mapping: choices.mapping } : {}),
  });
}

function parserFor(format: ImportFormat): StatementParser {
  switch (format) {
    case 'ofx':
    case 'qfx':
      return parseOfx;
    case 'qif':
      return (chunks, ctx) => parseQif(chunks, ctx);
    case 'camt':
      return parseCamt053;
    case 'csv':
      throw new Error('CSV needs a detected layout');
  }
}

function contextFor(
  db: SqlDatabase,
  accountId: string,
  warnings: { line: number; message: string }[],
): ParseContext {
  return {
    currency: getAccount(db, accountId).currency,
    warn: (line, message) => {
      if (warnings.length < 1000) warnings.push({ line, message });
    },
  };
}

/** Decides the format from the file's first bytes (content, not the name). */
async function sniff(path: string): Promise<ImportFormat> {
  const info = await stat(path).catch(() => {
    throw new ImportFileError('the file cannot be read');
  });
  if (!info.isFile()) throw new ImportFileError('this is not a file');
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(DETECT_HEAD_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    return detectFormat(head, fileName(path)).format;
  } finally {
    await handle.close();
  }
}

function readChunks(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: CHUNK_BYTES });
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
