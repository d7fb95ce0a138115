import {
  CSV_PREVIEW_ROWS,
  CsvDialectSchema,
  CsvMappingSchema,
  type CsvDateFormat,
  type CsvDialect,
  type CsvMapping,
  type CsvMappingInput,
  type CsvPreview,
  type CsvPreviewRow,
} from '../../../../../src-shared/contract/csvImport';
import type { CurrencyCode } from '../../../../../src-shared/domain';
import { ImportFileError } from '../../importedRow';
import type { SavedCsvMapping } from '../../savedMappings';
import { detectNumberFormat } from './csvAmounts';
import { cleanCell } from './csvCells';
import { detectMapping } from './csvColumns';
import { DateFormatVote } from './csvDates';
import { ChunkDecoder, detectEncoding } from './csvEncoding';
import { detectDelimiter, findTable, looksLikeHeader } from './csvLayout';
import { CsvRowReader } from './csvRowReader';
import { csvSignature } from './csvSignature';
import { CsvTokenizer, type CsvRecord } from './csvTokenizer';
import { settleDateFormat, type ByteSource } from './previewScan';

/** The head detection reads: thousands of rows of any real statement. */
export const PREVIEW_HEAD_BYTES = 256 * 1024;
/** Rows detection looks at for column roles and number formats. */
const ANALYSIS_ROWS = 200;
/** Past the head, how far the preview reads to settle DD/MM against MM/DD. */
export const DEFAULT_MAX_SCAN_BYTES = 64 * 1024 * 1024;

export interface CsvPreviewOptions {
  /** The target account's currency: amounts are read in its minor units. */
  currency: CurrencyCode;
  /** The target account's type; 'credit_card' helps tell purchases-positive exports. */
  accountType?: string;
  /** Looks up a layout saved for this signature (`findMapping` bound to the vault). */
  findSaved?: (signature: string) => SavedCsvMapping | null;
  /** The user's corrections: any field given here replaces detection. */
  dialect?: Partial<CsvDialect>;
  mapping?: CsvMappingInput;
  maxScanBytes?: number;
  /** How much detection reads first (default `PREVIEW_HEAD_BYTES`); tests make it small. */
  headBytes?: number;
}

/**
 * Detects a CSV file's dialect and column mapping and parses its first rows with them,
 * for the user to confirm. Reads the head (`PREVIEW_HEAD_BYTES`); only when the dates
 * there fit both DD/MM and MM/DD does it read on, through the whole file up to
 * `maxScanBytes`, until one date settles it. A layout saved for this file's signature
 * replaces detection of the mapping, number format and date format.
 *
 * Throws ImportFileError for a file that is no CSV statement at all (binary, one
 * column, no rows); problems with particular lines come back in `error`.
 */
export async function previewCsv(
  input: Uint8Array | AsyncIterable<Uint8Array>,
  options: CsvPreviewOptions,
): Promise<CsvPreview> {
  const source = byteSource(input);
  try {
    return await preview(source, options);
  } finally {
    await source.close();
  }
}

async function preview(source: ByteSource, options: CsvPreviewOptions): Promise<CsvPreview> {
  const given = options.dialect ?? {};
  const head = await source.readHead(options.headBytes ?? PREVIEW_HEAD_BYTES);
  if (head.length === 0) throw new ImportFileError('the file is empty');
  const encoding = given.encoding ?? detectEncoding(head);
  let tokenizer: CsvTokenizer | null = null;
  const decoder = new ChunkDecoder(encoding, () => tokenizer?.line ?? 1);
  const headText = decoder.decode(head) + (source.ended ? decoder.end() : '');
  const quote = given.quote ?? '"';
  const delimiter = given.delimiter ?? detectDelimiter(headText, quote, source.ended);
  tokenizer = new CsvTokenizer(delimiter, quote);
  const records: CsvRecord[] = [];
  tokenizer.push(headText, records);
  if (source.ended) tokenizer.end(records);

  const skipRecords = given.skipRecords ?? findTable(records.slice(0, 250)).skipRecords;
  const first = records[skipRecords];
  const hasHeader = given.hasHeader ?? (first ? looksLikeHeader(first.fields) : false);
  const headers = hasHeader && first ? first.fields.map((cell) => cell.trim()) : null;
  const body = records.slice(skipRecords + (hasHeader ? 1 : 0));
  const dataRecords = body.filter((record) => !isBlank(record));
  if (dataRecords.length === 0) throw new ImportFileError('the file has no rows below its header');
  const rows = dataRecords.slice(0, ANALYSIS_ROWS).map((record) => record.fields);
  const width = headers?.length ?? rows[0]?.length ?? 1;
  const signature = csvSignature(delimiter, headers, rows.slice(0, 50));

  const saved = options.mapping ? null : usable(options.findSaved?.(signature) ?? null, width);
  let problem: string | null = null;
  let mapping: CsvMapping;
  if (options.mapping) mapping = CsvMappingSchema.parse(options.mapping);
  else if (saved) mapping = saved.mapping;
  else {
    const guess = detectMapping(headers, rows, { accountType: options.accountType });
    mapping = guess.mapping;
    problem = guess.problem;
  }

  const numbers = detectNumberFormat(
    amountColumns(mapping).flatMap((column) => rows.map((row) => row[column] ?? '')),
    delimiter === ';' ? ',' : '.',
  );
  const decimalSeparator =
    given.decimalSeparator ?? saved?.dialect.decimalSeparator ?? numbers.decimalSeparator;
  let thousandsSeparator =
    given.thousandsSeparator ?? saved?.dialect.thousandsSeparator ?? numbers.thousandsSeparator;
  if (thousandsSeparator === decimalSeparator) thousandsSeparator = '';

  let candidates: CsvDateFormat[];
  const chosen = given.dateFormat ?? saved?.dialect.dateFormat;
  if (chosen) candidates = [chosen];
  else {
    const vote = new DateFormatVote();
    for (const record of body) vote.add(cleanCell(record.fields[mapping.date] ?? ''));
    candidates = vote.candidates();
    if (candidates.length > 1 && !source.ended) {
      candidates = await settleDateFormat(
        vote,
        source,
        decoder,
        tokenizer,
        mapping.date,
        options.maxScanBytes ?? DEFAULT_MAX_SCAN_BYTES,
      );
    }
    if (candidates.length === 0)
      problem ??= 'no value in the date column reads as a date; choose the column';
  }

  const dialect = CsvDialectSchema.parse({
    encoding,
    delimiter,
    quote,
    skipRecords,
    hasHeader,
    decimalSeparator,
    thousandsSeparator,
    dateFormat: candidates[0] ?? 'YYYY-MM-DD',
  });
  const { previewRows, error } = firstRows(body, dialect, mapping, options.currency, width);
  return {
    dialect,
    mapping,
    columns: (headers ?? Array.from({ length: width }, (_, i) => `Column ${i + 1}`)).map((name) =>
      clip(name),
    ),
    sample: dataRecords
      .slice(0, CSV_PREVIEW_ROWS)
      .map((record) => record.fields.slice(0, 500).map((cell) => clip(cell))),
    signature,
    dateFormatCandidates: candidates,
    needsDateFormatChoice: candidates.length > 1,
    rows: previewRows,
    error: problem ? { line: 0, message: problem } : error,
    savedMappingUsed: saved !== null,
  };
}

/** The first rows read exactly as the import will read them, up to the first bad line. */
function firstRows(
  body: readonly CsvRecord[],
  dialect: CsvDialect,
  mapping: CsvMapping,
  currency: CurrencyCode,
  width: number,
): { previewRows: CsvPreviewRow[]; error: CsvPreview['error'] } {
  const reader = new CsvRowReader(dialect, mapping, currency);
  reader.columnCount = width;
  const previewRows: CsvPreviewRow[] = [];
  for (const record of body) {
    if (previewRows.length >= CSV_PREVIEW_ROWS) break;
    try {
      const row = reader.read(record, () => undefined);
      if (row)
        previewRows.push({ ...row, payee: clip(row.payee, 500), memo: clip(row.memo, 1000) });
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      return { previewRows, error: { line: record.line, message: clip(error.message, 500) } };
    }
  }
  return { previewRows, error: null };
}

/** A saved layout only applies if every column it names exists in this file. */
function usable(saved: SavedCsvMapping | null, width: number): SavedCsvMapping | null {
  if (!saved) return null;
  const m = saved.mapping;
  const columns = [
    m.date,
    m.payee,
    m.externalId,
    m.currency,
    m.status?.column,
    ...m.memo,
    ...amountColumns(m),
  ];
  return columns.every((column) => column === null || column === undefined || column < width)
    ? saved
    : null;
}

function amountColumns(mapping: CsvMapping): number[] {
  const amount = mapping.amount;
  return amount.kind === 'debitCredit' ? [amount.debit, amount.credit] : [amount.column];
}

const isBlank = (record: CsvRecord) =>
  record.fields.length === 1 && (record.fields[0] ?? '').trim() === '';
const clip = (text: string, max = 200) => (text.length > max ? text.slice(0, max) : text);

/** Bytes from a buffer or a stream, read head first and then on demand. */
function byteSource(input: Uint8Array | AsyncIterable<Uint8Array>): ByteSource {
  const iterator = input instanceof Uint8Array ? null : input[Symbol.asyncIterator]();
  const source: ByteSource = {
    ended: iterator === null,
    async readHead(bytes) {
      if (input instanceof Uint8Array) return input;
      const parts: Uint8Array[] = [];
      let total = 0;
      while (total < bytes) {
        const next = await source.next();
        if (!next) break;
        parts.push(next);
        total += next.length;
      }
      return Buffer.concat(parts);
    },
    async next() {
      if (!iterator || source.ended) return null;
      const step = await iterator.next();
      if (step.done) {
        source.ended = true;
        return null;
      }
      return step.value;
    },
    async close() {
      if (iterator && !source.ended) await iterator.return?.();
    },
  };
  return source;
}
