import { ImportFileError } from '../../importedRow';
import { decodeEntities, NO_ATTRIBUTES, parseAttributes, type Attribute } from './markupText';

export { decodeEntities, type Attribute } from './markupText';

/** Receives the tokens of a markup stream in order, each with the line it starts on. */
export interface MarkupHandler {
  /** `<name …>`; a self-closing `<name/>` is reported as `open` then `close`. */
  open(name: string, attributes: readonly Attribute[], line: number): void;
  close(name: string, line: number): void;
  /** Character data between tags (entity-decoded, CDATA included), whitespace and all. */
  text(text: string, line: number): void;
  /** `<?target body?>`: the XML declaration, OFX 2.x's `<?OFX …?>` header. */
  instruction?(target: string, body: string, line: number): void;
}

/** Upper bounds that keep a hostile or broken file from growing memory without end. */
export interface MarkupLimits {
  /** Longest run of character data between two tags. */
  maxText: number;
  /** Longest tag, comment, CDATA section or processing instruction. */
  maxMarkup: number;
}

const DEFAULT_LIMITS: MarkupLimits = { maxText: 256 * 1024, maxMarkup: 64 * 1024 };
const NAME = /^[A-Za-z_][\w.:-]*$/;
const MAX_NAME = 128;

/**
 * A small streaming tokenizer for the two markup dialects bank files use: OFX 1.x SGML
 * (leaf tags left unclosed, stray `&`) and XML (OFX 2.x, CAMT.053). It only splits the
 * text into tags and character data; the format parsers give them structure.
 *
 * Safe by construction: document type declarations with an internal subset (where
 * entities are defined) are refused, and only the five XML entities, `&nbsp;` and
 * numeric references are decoded — nothing is ever expanded from the file itself, so
 * external-entity reads and "billion laughs" cannot happen. An unknown `&name;` is kept
 * as written (SGML files carry raw "AT&T"). Every token is bounded by `MarkupLimits`;
 * element depth is bounded by the parsers that track structure.
 *
 * Text is fed in pieces of any size; a token split across pieces is held until it is
 * complete, so the tokens never depend on where the input was cut.
 */
export class MarkupTokenizer {
  private buffer = '';
  private pos = 0;
  private lineAtPos = 1;
  private lastContentLine = 1;
  // Where the next \n and \r are in the buffer (Infinity: none). Kept between tokens so
  // line counting costs one search per line break, not one pass per character.
  private nextLf = Infinity;
  private nextCr = Infinity;
  private readonly knownNames = new Set<string>();
  private readonly limits: MarkupLimits;

  constructor(
    private readonly handler: MarkupHandler,
    limits: Partial<MarkupLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The last line with anything but whitespace on it so far: where a truncated file ends. */
  get line(): number {
    return this.lastContentLine;
  }

  /** Tokenizes as much of the text so far as forms complete tokens. */
  feed(text: string): void {
    this.buffer = this.pos >= this.buffer.length ? text : this.buffer.slice(this.pos) + text;
    this.pos = 0;
    this.nextLf = find(this.buffer, '\n', 0);
    this.nextCr = find(this.buffer, '\r', 0);
    this.run(false);
  }

  /** The input is over: flushes trailing text, or fails if it stops inside a tag. */
  end(): void {
    this.run(true);
    this.buffer = '';
    this.pos = 0;
  }

  private run(ended: boolean): void {
    const buffer = this.buffer;
    while (this.pos < buffer.length) {
      const start = this.pos;
      if (buffer.charCodeAt(start) !== 60 /* < */) {
        const lt = buffer.indexOf('<', start);
        if (lt === -1 && !ended) {
          this.ensureWithin(buffer.length - start, this.limits.maxText, 'text');
          return;
        }
        const end = lt === -1 ? buffer.length : lt;
        this.ensureWithin(end - start, this.limits.maxText, 'text');
        const line = this.lineAtPos;
        this.consume(end);
        const text = buffer.slice(start, end);
        if (text.charCodeAt(0) > 32 || /\S/.test(text)) {
          const trimmed = text.trimEnd();
          this.lastContentLine = line + countBreaks(trimmed);
        }
        this.handler.text(decodeEntities(text), line);
        continue;
      }
      const next = buffer.charCodeAt(start + 1);
      const done = isNameStart(next)
        ? this.openTag(buffer, start, ended)
        : next === 47 /* / */
          ? this.closeTag(buffer, start, ended)
          : this.otherMarkup(buffer, start, ended);
      if (!done) return;
      this.lastContentLine = this.lineAtPos;
    }
  }

  private openTag(buffer: string, start: number, ended: boolean): boolean {
    const line = this.lineAtPos;
    let index = start + 2;
    while (index < buffer.length && isNameChar(buffer.charCodeAt(index))) index += 1;
    if (index >= buffer.length) return this.incomplete(buffer, start, ended);
    const name = this.checkName(buffer.slice(start + 1, index), line);
    if (buffer.charCodeAt(index) === 62 /* > */) {
      // The common case, and every OFX tag: no attributes.
      this.consume(index + 1);
      this.handler.open(name, NO_ATTRIBUTES, line);
      return true;
    }
    const end = tagEnd(buffer, index);
    if (end === -1) return this.incomplete(buffer, start, ended);
    this.ensureWithin(end - start, this.limits.maxMarkup, 'a tag');
    this.consume(end);
    const selfClosing = buffer.charCodeAt(end - 2) === 47; /* / */
    const rest = buffer.slice(index, selfClosing ? end - 2 : end - 1);
    if (rest !== '' && !/^\s/.test(rest))
      throw new ImportFileError(`unreadable tag <${name}${rest.slice(0, 20)}>`, line);
    this.handler.open(name, rest.trim() === '' ? NO_ATTRIBUTES : parseAttributes(rest, line), line);
    if (selfClosing) this.handler.close(name, line);
    return true;
  }

  private closeTag(buffer: string, start: number, ended: boolean): boolean {
    const line = this.lineAtPos;
    const gt = buffer.indexOf('>', start + 2);
    if (gt === -1) return this.incomplete(buffer, start, ended);
    this.ensureWithin(gt - start, this.limits.maxMarkup, 'a tag');
    const raw = buffer.slice(start + 2, gt);
    const name = this.checkName(raw.charCodeAt(raw.length - 1) > 32 ? raw : raw.trimEnd(), line);
    this.consume(gt + 1);
    this.handler.close(name, line);
    return true;
  }

  // Comments, CDATA, document type declarations, processing instructions.
  private otherMarkup(buffer: string, start: number, ended: boolean): boolean {
    const line = this.lineAtPos;
    const next = buffer.charAt(start + 1);
    if (next === '') return this.incomplete(buffer, start, ended);
    if (!ended && next === '!' && buffer.length - start < 9) return false;
    if (buffer.startsWith('<!--', start))
      return this.delimited(buffer, start, 4, '-->', ended) !== -1;
    if (buffer.startsWith('<![CDATA[', start)) {
      const end = this.delimited(buffer, start, 9, ']]>', ended);
      if (end !== -1) this.handler.text(buffer.slice(start + 9, end - 3), line);
      return end !== -1;
    }
    if (next === '!' && buffer.slice(start + 2, start + 9).toUpperCase() === 'DOCTYPE') {
      const end = this.delimited(buffer, start, 9, '>', ended);
      if (end !== -1 && buffer.slice(start, end).includes('[')) {
        throw new ImportFileError(
          'the file defines its own entities (<!DOCTYPE … [ … ]>), which is not allowed in a statement',
          line,
        );
      }
      return end !== -1;
    }
    if (next === '?') {
      const end = this.delimited(buffer, start, 2, '?>', ended);
      if (end === -1) return false;
      const body = buffer.slice(start + 2, end - 2);
      const target = /^[^\s?]*/.exec(body)?.[0] ?? '';
      this.handler.instruction?.(target, body.slice(target.length).trim(), line);
      return true;
    }
    throw new ImportFileError(`unexpected "<${next}" (a "<" that starts no tag)`, line);
  }

  // Consumes up to and including `terminator`; the end index, or -1 when incomplete.
  private delimited(
    buffer: string,
    start: number,
    skip: number,
    terminator: string,
    ended: boolean,
  ): number {
    const found = buffer.indexOf(terminator, start + skip);
    if (found === -1) {
      this.incomplete(buffer, start, ended);
      return -1;
    }
    const end = found + terminator.length;
    this.ensureWithin(end - start, this.limits.maxMarkup, 'a tag');
    this.consume(end);
    return end;
  }

  private incomplete(buffer: string, start: number, ended: boolean): false {
    if (ended)
      throw new ImportFileError('the file ends inside a tag; it looks truncated', this.lineAtPos);
    this.ensureWithin(buffer.length - start, this.limits.maxMarkup, 'a tag');
    return false;
  }

  private ensureWithin(length: number, limit: number, what: string): void {
    if (length > limit) {
      throw new ImportFileError(
        `${what} longer than ${Math.round(limit / 1024)} KiB; this does not look like a statement`,
        this.lineAtPos,
      );
    }
  }

  // Names repeat endlessly in a statement; each distinct one is checked once.
  private checkName(name: string, line: number): string {
    if (this.knownNames.has(name)) return name;
    if (name.length > MAX_NAME || !NAME.test(name)) {
      throw new ImportFileError(`unreadable tag name "${name.slice(0, 40)}"`, line);
    }
    if (this.knownNames.size < 1024) this.knownNames.add(name);
    return name;
  }

  // Moves past [pos, end), counting its line breaks (\n, \r\n and a lone \r). A
  // consumed range only ends in \r at the very end of the input, so a \r\n pair is never
  // split between two ranges.
  private consume(end: number): void {
    const buffer = this.buffer;
    while (this.nextLf < end) {
      this.lineAtPos += 1;
      this.nextLf = find(buffer, '\n', this.nextLf + 1);
    }
    while (this.nextCr < end) {
      if (buffer.charCodeAt(this.nextCr + 1) !== 10) this.lineAtPos += 1;
      this.nextCr = find(buffer, '\r', this.nextCr + 1);
    }
    this.pos = end;
  }
}

function find(text: string, char: string, from: number): number {
  const index = text.indexOf(char, from);
  return index === -1 ? Infinity : index;
}

function countBreaks(text: string): number {
  let lines = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 10) lines += 1;
    else if (code === 13 && text.charCodeAt(index + 1) !== 10) lines += 1;
  }
  return lines;
}

// A-Z a-z _
function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

// Name characters: letters, digits, _ . : -
function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 58) || code === 46 || code === 45;
}

// The index just past the `>` closing the tag at `start`, skipping `>` inside quoted
// attribute values; -1 if the buffer ends first.
function tagEnd(buffer: string, start: number): number {
  const gt = buffer.indexOf('>', start);
  if (gt === -1) return -1;
  const quote = buffer.slice(start, gt).search(/["']/);
  if (quote === -1) return gt + 1;
  let open: string | null = null;
  for (let index = start + quote; index < buffer.length; index += 1) {
    const char = buffer[index];
    if (open !== null) {
      if (char === open) open = null;
    } else if (char === '"' || char === "'") open = char;
    else if (char === '>') return index + 1;
  }
  return -1;
}
