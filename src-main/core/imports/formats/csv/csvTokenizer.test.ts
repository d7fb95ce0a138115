import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../exports/csvFormat';
import { CsvTokenizer, type CsvRecord } from './csvTokenizer';

function tokenize(text: string | string[], delimiter = ','): CsvRecord[] {
  const tokenizer = new CsvTokenizer(delimiter);
  const out: CsvRecord[] = [];
  for (const piece of typeof text === 'string' ? [text] : text) tokenizer.push(piece, out);
  tokenizer.end(out);
  return out;
}
const fields = (text: string | string[], delimiter = ',') =>
  tokenize(text, delimiter).map((r) => r.fields);

/** Cuts `text` at the given positions (any order, duplicates allowed). */
function cut(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces;
}

describe('CsvTokenizer', () => {
  it('reads RFC 4180: quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    expect(fields('a,"b,c","say ""hi""","two\r\nlines"\r\nx,,\r\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\r\nlines'],
      ['x', '', ''],
    ]);
  });

  it('ends records at CRLF, LF and a lone CR, and keeps blank lines as one empty field', () => {
    expect(fields('a\r\nb\nc\rd\n\ne')).toEqual([['a'], ['b'], ['c'], ['d'], [''], ['e']]);
  });

  it('gives each record the physical line it starts on', () => {
    const records = tokenize('h1,h2\r\n"multi\r\nline\nmemo",1\r\nnext,2\r\rafter,3');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6, 7]);
  });

  it('is lenient where banks are sloppy and the meaning is clear', () => {
    expect(fields('5" screen,"quoted"tail,x')).toEqual([['5" screen', 'quotedtail', 'x']]);
  });

  it('names the line of a quote that never closes', () => {
    expect(() => tokenize('a,b\nc,"open\nmore\n')).toThrow(
      'line 2: a quoted field is never closed',
    );
  });

  it('stops a runaway quoted field instead of buffering the file', () => {
    const tokenizer = new CsvTokenizer(',');
    const out: CsvRecord[] = [];
    tokenizer.push('a,"', out);
    const block = 'x'.repeat(100_000);
    expect(() => {
      for (let i = 0; i < 20; i++) tokenizer.push(block, out);
    }).toThrow(/line 1: a field is longer than a million characters/);
  });

  it('reads semicolons, tabs and bars', () => {
    expect(fields('a;"b;c"\n', ';')).toEqual([['a', 'b;c']]);
    expect(fields('a\tb\n', '\t')).toEqual([['a', 'b']]);
    expect(fields('a|b\n', '|')).toEqual([['a', 'b']]);
  });

  const nasty = fc.stringMatching(/^[a-z ,;"\r\n\t=é€]{0,12}$/);
  const table = fc.array(fc.array(nasty, { minLength: 1, maxLength: 6 }), {
    minLength: 1,
    maxLength: 12,
  });

  it('round-trips any fields through the export writer (property)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const text = rows.map((row) => csvLine(row)).join('');
        expect(fields(text)).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same records and lines wherever the chunks are cut (property)', () => {
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), (rows, at, lf) => {
        let text = rows.map((row) => csvLine(row)).join('');
        if (lf) text = text.replace(/\r\n/g, '\n');
        expect(tokenize(cut(text, at))).toEqual(tokenize(text));
      }),
      { numRuns: 500 },
    );
  });
});
