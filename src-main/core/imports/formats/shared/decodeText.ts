import { ImportFileError } from '../../importedRow';

/**
 * How many leading bytes decide the encoding. Fixed, so the decision depends on the
 * file alone and never on how the bytes happened to be chunked.
 */
export const SNIFF_BYTES = 64 * 1024;

/** Options for `decodeText`. */
export interface DecodeTextOptions {
  /**
   * Reads the character set a format declares in its first bytes (an OFX 1.x
   * `CHARSET:1252` header, an XML `encoding="…"` declaration), given those bytes as
   * Latin-1. Returns a WHATWG encoding label, or undefined when nothing is declared.
   */
  declaredCharset?: (head: string) => string | undefined;
}

/**
 * Turns a stream of bytes into a stream of text, choosing the encoding from the content:
 *
 * 1. a byte-order mark (UTF-8, UTF-16 LE/BE), else UTF-16 recognised by its zero bytes;
 * 2. otherwise the first `SNIFF_BYTES`: when they hold non-ASCII bytes that are all valid
 *    UTF-8, the file is UTF-8 — even if it declares otherwise, because banks routinely
 *    keep a `CHARSET:1252` header template while writing UTF-8, and Windows-1252 text
 *    that happens to be valid UTF-8 is vanishingly rare;
 * 3. otherwise the declared character set, else Windows-1252 when the sniffed bytes are
 *    not valid UTF-8, else UTF-8.
 *
 * Bytes the chosen decoder cannot read become U+FFFD rather than failing the import;
 * they can only occur in free text (payees, memos). Multi-byte characters split across
 * chunks are handled by the streaming decoder.
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  options: DecodeTextOptions = {},
): AsyncGenerator<string> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const buffered = concat(head, headLength);
  const decoder = new TextDecoder(chooseEncoding(buffered, ended, options), { fatal: false });
  const first = decoder.decode(buffered, { stream: true });
  if (first !== '') yield first;
  if (!ended) {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) break;
      const text = decoder.decode(next.value, { stream: true });
      if (text !== '') yield text;
    }
  }
  const last = decoder.decode();
  if (last !== '') yield last;
}

/** The WHATWG label of the encoding `decodeText` would choose for a file starting with `bytes`. */
export function chooseEncoding(
  bytes: Uint8Array,
  ended: boolean,
  options: DecodeTextOptions = {},
): string {
  const bom = encodingFromBom(bytes);
  if (bom) return bom;
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return utf16;
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  const declared = declaredLabel(sniff, options);
  const nonAscii = sniff.some((byte) => byte >= 0x80);
  if (!nonAscii) return declared ?? 'utf-8';
  if (isUtf8(sniff, !ended || bytes.length > SNIFF_BYTES)) return 'utf-8';
  return declared !== undefined && declared !== 'utf-8' ? declared : 'windows-1252';
}

/** utf-8 / utf-16le / utf-16be when the bytes start with that byte-order mark. */
export function encodingFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * UTF-16 written without a byte-order mark: text in Latin scripts then has a zero byte
 * in every other position. Needs most of the first 64 code units to agree, so one NUL in
 * a binary-ish file does not count.
 */
export function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  const units = Math.min(64, Math.floor(bytes.length / 2));
  if (units < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let unit = 0; unit < units; unit += 1) {
    if (bytes[unit * 2] === 0 && bytes[unit * 2 + 1] !== 0) evenZeros += 1;
    if (bytes[unit * 2 + 1] === 0 && bytes[unit * 2] !== 0) oddZeros += 1;
  }
  if (evenZeros >= units * 0.8) return 'utf-16be';
  if (oddZeros >= units * 0.8) return 'utf-16le';
  return undefined;
}

function declaredLabel(sniff: Uint8Array, options: DecodeTextOptions): string | undefined {
  if (!options.declaredCharset) return undefined;
  const label = options.declaredCharset(latin1(sniff.subarray(0, 4096)));
  if (label === undefined) return undefined;
  try {
    const encoding = new TextDecoder(label).encoding;
    // A UTF-16 declaration in a file whose bytes are not UTF-16 (no BOM, no zero bytes)
    // is a template left unchanged; the bytes win.
    return encoding.startsWith('utf-16') ? undefined : encoding;
  } catch {
    throw new ImportFileError(
      `the file declares the character set "${label.slice(0, 40)}", which Casike cannot read`,
      1,
    );
  }
}

// `partialTailAllowed`: the sniff window may cut a multi-byte character at its end when
// the file goes on, and that must not count as invalid.
function isUtf8(bytes: Uint8Array, partialTailAllowed: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partialTailAllowed });
    return true;
  } catch {
    return false;
  }
}

/** Bytes as Latin-1 text: every byte one character, for reading ASCII headers. */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 1)
    text += String.fromCharCode(bytes[index] ?? 0);
  return text;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The `encoding="…"` of an XML declaration at the start of `head`, if any. */
export function xmlDeclaredEncoding(head: string): string | undefined {
  const declaration = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(head);
  return declaration?.[1];
}
