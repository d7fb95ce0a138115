import { ImportFileError } from '../../importedRow';

const MAX_LINE = 64 * 1024;

/**
 * Splits streamed text into lines (ending in \n, \r\n or a lone \r, as old Mac Quicken
 * wrote them), numbering them from 1. A \r at the end of one piece waits for the next,
 * so a \r\n split between pieces is still one line break. Lines are bounded in length.
 */
export class LineSplitter {
  private rest = '';
  private lineNumber = 0;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  /** Hands over every complete line in the text so far. */
  feed(text: string): void {
    const buffer = this.rest + text;
    let start = 0;
    // Each search result is kept until passed: searching afresh for every line would
    // rescan the whole piece when a file has no \r at all.
    let lf = buffer.indexOf('\n');
    let crAt = buffer.indexOf('\r');
    for (;;) {
      if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
      if (crAt !== -1 && crAt < start) crAt = buffer.indexOf('\r', start);
      const cr = crAt !== -1 && (lf === -1 || crAt < lf) ? crAt : -1;
      if (cr !== -1) {
        if (cr === buffer.length - 1) break; // is it \r\n? wait for the next piece
        this.emit(buffer.slice(start, cr));
        start = buffer.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        continue;
      }
      if (lf === -1) break;
      this.emit(buffer.slice(start, lf));
      start = lf + 1;
    }
    this.rest = buffer.slice(start);
    if (this.rest.length > MAX_LINE)
      throw new ImportFileError(
        'a line longer than 64 KiB; this does not look like a QIF file',
        this.lineNumber + 1,
      );
  }

  /** The input is over: hands over the last line if it had no line break. */
  end(): void {
    const last = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
    this.rest = '';
    if (last !== '') this.emit(last);
  }

  private emit(text: string): void {
    this.lineNumber += 1;
    this.onLine(text, this.lineNumber);
  }
}
