import { ImportFileError } from '../../importedRow';

/** One CSV record: its fields, and the physical line (1-based) it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const LF = 10;
const CR = 13;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Just read a quote inside a quoted field: a doubled quote, or the closing one. */
const QUOTE_IN_QUOTED = 3;
type State = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED;

/**
 * A field this long is a quote that never closes swallowing the file; stopping here keeps
 * a 200 MB file from becoming one 200 MB string.
 */
export const MAX_FIELD_CHARS = 1_000_000;
export const MAX_FIELDS = 2_000;

/**
 * A streaming RFC 4180 tokenizer: feed it text in chunks of any size, split anywhere,
 * and it hands back whole records. Quoted fields may hold the delimiter, doubled quotes
 * and line breaks. Records end at CRLF, LF or a lone CR (old Mac exports). Each record
 * carries the physical line it starts on, so a quoted three-line memo moves the next
 * record's line number by three, as an editor would show it.
 *
 * Lenient where banks are sloppy and the meaning is still clear: a quote inside an
 * unquoted field is a literal character (5" screen), and text straight after a closing
 * quote is kept. A blank line is a record with one empty field; callers skip it.
 */
export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly quoteChar: string;
  private state: State = FIELD_START;
  private fields: string[] = [];
  private field = '';
  private lineNumber = 1;
  private recordLine = 1;
  /** The last character of the previous chunk was a CR (so a leading LF completes a CRLF). */
  private previousCr = false;

  constructor(delimiter: string, quote = '"') {
    this.delimiter = delimiter.charCodeAt(0);
    this.quote = quote.charCodeAt(0);
    this.quoteChar = quote;
  }

  /** The physical line being read now. */
  get line(): number {
    return this.lineNumber;
  }

  /** Tokenizes the next piece of text, appending every record it completes to `out`. */
  push(text: string, out: CsvRecord[]): void {
    const n = text.length;
    if (n === 0) return;
    const delimiter = this.delimiter;
    const quote = this.quote;
    let state = this.state;
    let field = this.field;
    let i = 0;
    while (i < n) {
      if (state === FIELD_START) {
        if (text.charCodeAt(i) === quote) {
          state = QUOTED;
          i++;
          continue;
        }
        state = UNQUOTED;
      }
      if (state === UNQUOTED) {
        const start = i;
        let c = 0;
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
        if (i > start) field += text.slice(start, i);
        if (i === n) break;
        if (c === delimiter) {
          this.fields.push(field);
          field = '';
          state = FIELD_START;
          i++;
          continue;
        }
        // Outside quotes a CR always ends a record, so an LF right after one is the
        // second half of that CRLF, not a blank line.
        if (c === LF && i === start && (i > 0 ? text.charCodeAt(i - 1) === CR : this.previousCr)) {
          state = FIELD_START;
          i++;
          continue;
        }
        this.endRecord(field, out);
        field = '';
        state = FIELD_START;
        i++;
        continue;
      }
      if (state === QUOTED) {
        let end = text.indexOf(this.quoteChar, i);
        if (end < 0) end = n;
        if (end > i) {
          const piece = text.slice(i, end);
          this.countBreaks(piece, i > 0 ? text.charCodeAt(i - 1) === CR : this.previousCr);
          field += piece;
        }
        i = end;
        if (i === n) break;
        state = QUOTE_IN_QUOTED;
        i++;
        continue;
      }
      // QUOTE_IN_QUOTED
      const c = text.charCodeAt(i);
      if (c === quote) {
        field += this.quoteChar;
        state = QUOTED;
        i++;
      } else if (c === delimiter) {
        this.fields.push(field);
        field = '';
        state = FIELD_START;
        i++;
      } else if (c === LF || c === CR) {
        this.endRecord(field, out);
        field = '';
        state = FIELD_START;
        i++;
      } else {
        state = UNQUOTED; // "abc"def: keep the rest as written
      }
    }
    this.state = state;
    this.field = field;
    this.previousCr = text.charCodeAt(n - 1) === CR;
    if (this.fields.length > MAX_FIELDS) {
      throw new ImportFileError(`a record has more than ${MAX_FIELDS} fields`, this.recordLine);
    }
    if (field.length > MAX_FIELD_CHARS) {
      throw new ImportFileError(
        'a field is longer than a million characters (a quote that is never closed?)',
        this.recordLine,
      );
    }
  }

  /** Call once after the last chunk: completes a last record with no line break after it. */
  end(out: CsvRecord[]): void {
    if (this.state === QUOTED) {
      throw new ImportFileError('a quoted field is never closed', this.recordLine);
    }
    if (this.fields.length > 0 || this.field !== '' || this.state !== FIELD_START) {
      this.endRecord(this.field, out);
    }
    this.field = '';
    this.state = FIELD_START;
  }

  private endRecord(field: string, out: CsvRecord[]): void {
    const fields = this.fields;
    fields.push(field);
    if (fields.length > MAX_FIELDS) {
      throw new ImportFileError(`a record has more than ${MAX_FIELDS} fields`, this.recordLine);
    }
    out.push({ fields, line: this.recordLine });
    this.fields = [];
    this.lineNumber++;
    this.recordLine = this.lineNumber;
  }

  /** Counts CRLF, LF and lone CR inside a quoted field as one line break each. */
  private countBreaks(piece: string, crBefore: boolean): void {
    if (piece.indexOf('\n') < 0 && piece.indexOf('\r') < 0) return;
    for (let j = 0; j < piece.length; j++) {
      const c = piece.charCodeAt(j);
      if (c === CR) this.lineNumber++;
      else if (c === LF && !(j > 0 ? piece.charCodeAt(j - 1) === CR : crBefore)) this.lineNumber++;
    }
  }
}
