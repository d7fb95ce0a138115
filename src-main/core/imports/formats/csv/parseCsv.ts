import {
  CsvDialectSchema,
  CsvMappingSchema,
  type CsvDialect,
  type CsvMapping,
  type CsvMappingInput,
} from '../../../../../src-shared/contract/csvImport';
import type { ImportedRow } from '../../importedRow';
import type { ParseContext, StatementParser } from '../../parserTypes';
import { ChunkDecoder } from './csvEncoding';
import { CsvRowReader } from './csvRowReader';
import { CsvTokenizer, type CsvRecord } from './csvTokenizer';

/**
 * Decodes and tokenizes a byte stream chunk by chunk: memory holds one chunk and the
 * records it completed, never the file, so a 200 MB statement streams like a small one.
 * Records are handed out in batches (one per chunk) to keep per-record overhead low.
 */
export async function* csvRecordBatches(
  chunks: AsyncIterable<Uint8Array>,
  dialect: Pick<CsvDialect, 'encoding' | 'delimiter' | 'quote'>,
): AsyncGenerator<CsvRecord[]> {
  const tokenizer = new CsvTokenizer(dialect.delimiter, dialect.quote);
  const decoder = new ChunkDecoder(dialect.encoding, () => tokenizer.line);
  let batch: CsvRecord[] = [];
  for await (const bytes of chunks) {
    tokenizer.push(decoder.decode(bytes), batch);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  tokenizer.push(decoder.end(), batch);
  tokenizer.end(batch);
  if (batch.length > 0) yield batch;
}

/**
 * The CSV statement parser for one dialect and mapping (from `previewCsv`, as the user
 * confirmed or corrected them). Rows come out in file order with their physical line;
 * a bad date, amount or indicator throws ImportFileError naming the line, and the import
 * pipeline then writes nothing. Skipped lines (blank, footer, no amount) go to `ctx.warn`.
 */
export function parseCsv(
  dialect: CsvDialect,
  mapping: CsvMapping | CsvMappingInput,
): StatementParser {
  const checkedDialect = CsvDialectSchema.parse(dialect);
  const checkedMapping = CsvMappingSchema.parse(mapping);
  return (chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncIterable<ImportedRow> =>
    readRows(chunks, ctx, checkedDialect, checkedMapping);
}

/**
 * The rows of a file, one per `next()`. A hand-written iterator rather than an async
 * generator: a generator suspends and resumes once per row, which cost about a third of
 * the parse time; this one only awaits when it needs the next chunk's records.
 */
function readRows(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
  dialect: CsvDialect,
  mapping: CsvMapping,
): AsyncIterable<ImportedRow> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<ImportedRow> {
      const batches = csvRecordBatches(chunks, dialect);
      const reader = new CsvRowReader(dialect, mapping, ctx.currency);
      const warn = (line: number, message: string) => ctx.warn(line, message);
      let toSkip = dialect.skipRecords;
      let headerPending = dialect.hasHeader;
      let records: CsvRecord[] = [];
      let index = 0;
      return {
        async next(): Promise<IteratorResult<ImportedRow>> {
          for (;;) {
            while (index < records.length) {
              const record = records[index++] as CsvRecord;
              if (toSkip > 0) {
                toSkip--;
                continue;
              }
              if (headerPending) {
                headerPending = false;
                reader.columnCount = record.fields.length;
                continue;
              }
              if (reader.columnCount === null && !isBlank(record)) {
                reader.columnCount = record.fields.length;
              }
              const row = reader.read(record, warn);
              if (row) return { done: false, value: row };
            }
            const step = await batches.next();
            if (step.done) return { done: true, value: undefined };
            records = step.value;
            index = 0;
          }
        },
        async return(): Promise<IteratorResult<ImportedRow>> {
          await batches.return(undefined);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

const isBlank = (record: CsvRecord) =>
  record.fields.length === 1 && (record.fields[0] ?? '').trim() === '';
