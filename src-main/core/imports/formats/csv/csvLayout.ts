import { CSV_DELIMITERS, type CsvDialect } from '../../../../../src-shared/contract/csvImport';
import { ImportFileError } from '../../importedRow';
import { looksLikeAmount } from './csvAmounts';
import { looksLikeDate } from './csvDates';
import { CsvTokenizer, type CsvRecord } from './csvTokenizer';

type Delimiter = CsvDialect['delimiter'];

/** Records the delimiter vote looks at: enough to see past a bank's summary block. */
export const LAYOUT_RECORDS = 50;

const isBlank = (record: CsvRecord) =>
  record.fields.length === 1 && (record.fields[0] ?? '').trim() === '';

/** The table's usual field count: the most frequent count above one (ties: the wider). */
function usualWidth(records: readonly CsvRecord[]): { width: number; lines: number } | null {
  const counts = new Map<number, number>();
  for (const record of records) {
    if (record.fields.length > 1)
      counts.set(record.fields.length, (counts.get(record.fields.length) ?? 0) + 1);
  }
  let best: { width: number; lines: number } | null = null;
  for (const [width, lines] of counts) {
    if (!best || lines > best.lines || (lines === best.lines && width > best.width))
      best = { width, lines };
  }
  return best;
}

/** The first `LAYOUT_RECORDS` non-blank records of `text` split with `delimiter`. */
export function sampleRecords(
  text: string,
  delimiter: string,
  quote: string,
  complete: boolean,
): CsvRecord[] {
  const tokenizer = new CsvTokenizer(delimiter, quote);
  const records: CsvRecord[] = [];
  try {
    tokenizer.push(text, records);
    if (complete) tokenizer.end(records);
  } catch {
    // A quote that never closes within the sample says this is the wrong delimiter or
    // quote; what was read so far still counts.
  }
  return records.filter((record) => !isBlank(record)).slice(0, LAYOUT_RECORDS);
}

/**
 * The delimiter that splits the head into the most consistent table: the one whose
 * usual field count recurs on the most lines, weighted by how many columns it makes
 * (so a semicolon file whose memos hold one comma each is not read as two columns).
 * `complete` says the text is the whole file, so its last line counts too.
 */
export function detectDelimiter(text: string, quote: string, complete: boolean): Delimiter {
  let best: { delimiter: Delimiter; score: number } | null = null;
  for (const delimiter of CSV_DELIMITERS) {
    const width = usualWidth(sampleRecords(text, delimiter, quote, complete));
    if (!width) continue;
    const score = width.lines * (width.width - 1);
    if (!best || score > best.score) best = { delimiter, score };
  }
  if (!best) {
    throw new ImportFileError(
      'no columns found: the values are not separated by commas, semicolons, tabs or bars',
    );
  }
  return best.delimiter;
}

/**
 * Where the table starts in records that may open with a summary block (Bank of America,
 * ING, Nationwide): the first record as wide as the table that is followed by a record
 * exactly as wide (or one narrower or wider, a header without Chase's trailing comma,
 * followed by two).
 * Returns the number of records before it and the table's width.
 */
export function findTable(records: readonly CsvRecord[]): { skipRecords: number; width: number } {
  const width = usualWidth(records.filter((record) => !isBlank(record)))?.width ?? 1;
  for (let i = 0; i < records.length; i++) {
    const here = records[i]?.fields.length ?? 0;
    if (here < 2 || Math.abs(here - width) > 1) continue;
    // A record one field off (Chase's header without the rows' trailing comma) needs
    // two full-width records after it, so a summary line above the header is not taken.
    const following = records.slice(i + 1, i + (here === width ? 2 : 3));
    if (
      following.length === 0 ? here === width : following.every((r) => r.fields.length === width)
    ) {
      return { skipRecords: i, width };
    }
  }
  return { skipRecords: 0, width };
}

/** A header row names columns: no cell is a date or an amount, and some cell has letters. */
export function looksLikeHeader(fields: readonly string[]): boolean {
  const cells = fields.map((cell) => cell.trim()).filter((cell) => cell !== '');
  return (
    cells.length > 0 &&
    cells.some((cell) => /\p{L}/u.test(cell)) &&
    !cells.some((cell) => looksLikeDate(cell) || looksLikeAmount(cell))
  );
}
