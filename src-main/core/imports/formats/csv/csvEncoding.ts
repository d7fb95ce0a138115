import { TextDecoder } from 'node:util';
import type { CsvDialect } from '../../../../../src-shared/contract/csvImport';
import { ImportFileError } from '../../importedRow';

type CsvEncoding = CsvDialect['encoding'];

/** How much of the head encoding detection looks at. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Guesses the encoding from the first bytes: a byte-order mark says it outright; NUL
 * bytes at every other position are UTF-16 without a BOM (ASCII text in UTF-16LE is
 * "D\0a\0t\0e\0"); text that decodes as UTF-8 is UTF-8; anything else is Windows-1252,
 * which is what European banks and Excel on Windows write (ä = 0xE4, £ = 0xA3).
 * Refuses a file that is not text at all (an image or a zip renamed .csv).
 */
export function detectEncoding(head: Uint8Array): CsvEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const sample = head.subarray(0, SNIFF_BYTES);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
  }
  const pairs = Math.max(1, Math.floor(sample.length / 2));
  if (evenNuls + oddNuls > 0) {
    if (oddNuls > pairs * 0.3 && evenNuls < pairs * 0.02) return 'utf-16le';
    if (evenNuls > pairs * 0.3 && oddNuls < pairs * 0.02) return 'utf-16be';
    throw notText();
  }
  let encoding: CsvEncoding = 'utf-8';
  let text: string;
  try {
    // stream: true, so a character cut in half at the end of the sample is not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    encoding = 'windows-1252';
    text = new TextDecoder('windows-1252').decode(sample);
  }
  // Control characters other than tab, CR, LF and form feed do not occur in a statement.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > Math.max(2, text.length * 0.01)) throw notText();
  return encoding;
}

const notText = () =>
  new ImportFileError('this is not a text file, so not a CSV statement (it holds binary data)');

/**
 * Turns byte chunks into text chunks, keeping characters whole across chunk edges.
 *
 * `utf-8` (no BOM) was chosen from the head, which may have been plain ASCII while a
 * Windows-1252 "ä" waits further down. So until the first non-ASCII character the bytes
 * are read as UTF-8 but a failure switches to Windows-1252 for the rest of the file; the
 * ASCII before it reads the same in both. Once real UTF-8 has been seen, an invalid byte
 * is an error, not a guess.
 */
export class ChunkDecoder {
  private mode: 'ascii' | 'utf-8' | 'windows-1252' | 'fixed';
  private decoder: TextDecoder;
  /** Trailing bytes of the previous chunk that the UTF-8 decoder is holding (a cut character). */
  private held: Uint8Array = new Uint8Array(0);

  /** `lineNow` names the line being read, for the error message. */
  constructor(
    encoding: CsvEncoding,
    private readonly lineNow: () => number = () => 1,
  ) {
    switch (encoding) {
      case 'utf-8':
        this.mode = 'ascii';
        this.decoder = new TextDecoder('utf-8', { fatal: true });
        break;
      case 'utf-8-bom':
        this.mode = 'utf-8';
        this.decoder = new TextDecoder('utf-8', { fatal: true });
        break;
      case 'windows-1252':
        this.mode = 'windows-1252';
        this.decoder = new TextDecoder('windows-1252');
        break;
      default:
        // TextDecoder drops a UTF-16 BOM itself; without one it reads the bytes as given.
        this.mode = 'fixed';
        this.decoder = new TextDecoder(encoding, { fatal: true });
    }
  }

  /** The text of `bytes`, less any character cut at the end (it comes with the next chunk). */
  decode(bytes: Uint8Array): string {
    if (this.mode !== 'ascii')
      return this.safely(() => this.decoder.decode(bytes, { stream: true }));
    try {
      const text = this.decoder.decode(bytes, { stream: true });
      // eslint-disable-next-line no-control-regex -- the ASCII range, not control characters
      if (/[^\u0000-\u007f]/.test(text)) this.mode = 'utf-8';
      else this.held = trailingHighBytes(bytes);
      return text;
    } catch {
      const joined = new Uint8Array(this.held.length + bytes.length);
      joined.set(this.held);
      joined.set(bytes, this.held.length);
      // Only the first non-ASCII character decides: valid UTF-8 there and invalid bytes
      // later in the same chunk is a file of mixed encodings, not Windows-1252.
      const lenient = new TextDecoder('utf-8').decode(joined);
      // eslint-disable-next-line no-control-regex -- the ASCII range, not control characters
      const first = /[^\u0000-\u007f]/.exec(lenient)?.[0];
      if (first !== '\ufffd')
        this.safely(() => new TextDecoder('utf-8', { fatal: true }).decode(joined));
      this.mode = 'windows-1252';
      this.decoder = new TextDecoder('windows-1252');
      return this.decoder.decode(joined, { stream: true });
    }
  }

  /** Whatever is left at the end of the file; a cut character here is an error. */
  end(): string {
    return this.safely(() => this.decoder.decode());
  }

  private safely(decode: () => string): string {
    try {
      return decode();
    } catch {
      throw new ImportFileError(
        'the file is not valid text in the encoding it starts with (mixed encodings?)',
        this.lineNow(),
      );
    }
  }
}

/** The non-ASCII bytes at the very end of a chunk: the start of a character cut in two. */
function trailingHighBytes(bytes: Uint8Array): Uint8Array {
  let start = bytes.length;
  while (start > 0 && bytes.length - start < 3 && (bytes[start - 1] ?? 0) >= 0x80) start--;
  return bytes.slice(start);
}
