import { csvLine, neutralizeFormula, PLAIN_NUMBER } from './csvFormat';

/** Where CSV text goes: a file (atomicFile.ts) or any stream. Awaited, so it can push back. */
export interface TextSink {
  write(text: string): Promise<void> | void;
}

/** One column of an export: its header and how to get its cell from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string;
  /**
   * A number Casike formats itself from an integer (an amount via toDecimalString).
   * Such a cell is written as is, so a spreadsheet reads "-12.34" as minus 12.34: the
   * one exception to formula neutralising, safe because the text is generated from an
   * integer and cannot carry a formula. The writer still checks the shape and
   * neutralises anything that is not a plain number, so a mistake cannot open a hole.
   */
  numeric?: boolean;
}

export interface WriteCsvOptions {
  /** Start with a UTF-8 byte order mark, which Excel needs to read UTF-8 as UTF-8. */
  bom?: boolean;
  signal?: AbortSignal;
}

/** About this much text is gathered before each write: few syscalls, little memory. */
const FLUSH_CHARS = 64 * 1024;

/**
 * Writes rows as RFC 4180 CSV (header row, CRLF, quotes where needed) with every text
 * cell neutralised against formula injection. Rows may come from an async source, page
 * by page; nothing holds more than one buffer of text. Returns the number of data rows.
 * Generic on purpose: transactions now, expenses and invoices with their own columns.
 */
export async function writeCsv<T>(
  rows: Iterable<T> | AsyncIterable<T>,
  columns: readonly CsvColumn<T>[],
  sink: TextSink,
  options: WriteCsvOptions = {},
): Promise<number> {
  let buffer =
    (options.bom ? '\ufeff' : '') +
    csvLine(columns.map((column) => neutralizeFormula(column.header)));
  let count = 0;
  for await (const row of rows) {
    buffer += csvLine(columns.map((column) => cell(column, row)));
    count++;
    if (buffer.length >= FLUSH_CHARS) {
      options.signal?.throwIfAborted();
      await sink.write(buffer);
      buffer = '';
    }
  }
  options.signal?.throwIfAborted();
  if (buffer !== '') await sink.write(buffer);
  return count;
}

function cell<T>(column: CsvColumn<T>, row: T): string {
  const text = column.value(row);
  return column.numeric && PLAIN_NUMBER.test(text) ? text : neutralizeFormula(text);
}
