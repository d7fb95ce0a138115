import { chooseEncoding } from './formats/shared/decodeText';
import { ImportFileError } from './importedRow';
import type { ImportFormat } from './parserTypes';

/** How many leading bytes `detectFormat` wants; fewer is fine for a shorter file. */
export const DETECT_HEAD_BYTES = 8 * 1024;

const EXPORT_HINT = 'export CSV, OFX, QIF or CAMT.053 from your bank';

interface Signature {
  /** Bytes at `offset`; null matches any byte. */
  bytes: readonly (number | null)[];
  offset?: number;
  what: string;
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

// Files people pick by mistake, by their magic numbers. Checked before any text rule, so
// a PNG renamed to .csv is still named a PNG.
const SIGNATURES: readonly Signature[] = [
  { bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [...ascii('GIF8'), null, ascii('a')[0] ?? 0], what: 'a GIF image' },
  { bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')], what: 'a WebP image' },
  { bytes: [...ascii('II*'), 0], what: 'a TIFF image' },
  { bytes: [...ascii('MM'), 0, 0x2a], what: 'a TIFF image' },
  { bytes: ascii('ftyp'), offset: 4, what: 'a photo or video file (HEIC/MP4)' },
  { bytes: ascii('%PDF-'), what: 'a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [...ascii('BZh'), null, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], what: 'a bzip2-compressed file' },
  { bytes: [0xfd, ...ascii('7zXZ'), 0], what: 'an xz-compressed file' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file' },
  { bytes: [...ascii('7z'), 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [...ascii('Rar!'), 0x1a, 0x07], what: 'a RAR archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old-style Office file (.xls or .doc)' },
  { bytes: [...ascii('SQLite format 3'), 0], what: 'a database file' },
  { bytes: [0x7f, ...ascii('ELF')], what: 'a program (Linux executable)' },
  { bytes: [...ascii('MZ'), null, 0], what: 'a program (Windows executable)' },
  { bytes: [0xfe, 0xed, 0xfa, null], what: 'a program (macOS executable)' },
  { bytes: [null, 0xfa, 0xed, 0xfe], what: 'a program (macOS executable)' },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], what: 'a program (executable)' },
  { bytes: [...ascii('ID3'), null, 0], what: 'an audio file (MP3)' },
]; // prettier-ignore

const ZIP = [ascii('PK\x03\x04'), ascii('PK\x05\x06'), ascii('PK\x07\x08')];
const CAMT = /urn:iso:std:iso:20022:tech:xsd:camt\.(\d{3})\.\d{3}\.\d{2}/;

/**
 * Decides a file's format from its first bytes (ideally `DETECT_HEAD_BYTES`), never from
 * its name: a statement renamed, or an image renamed to .csv, is still recognised. The
 * name only tells QFX from OFX, which are the same format.
 *
 * Order: empty → known binary signatures (images, PDF, archives, Office, executables)
 * → any other binary → text signatures: OFX 1.x (`OFXHEADER:` header or `<OFX>`), OFX
 * 2.x (`<?xml …?><?OFX …?>`), CAMT.053 (its ISO 20022 namespace), QIF (`!Type:`,
 * `!Account`, `!Option:`) → otherwise text is taken to be CSV (the CSV parser judges
 * the details). Byte-order marks and UTF-16 are understood.
 *
 * Throws ImportFileError with one line saying what the file is and what to do instead.
 */
export function detectFormat(head: Uint8Array, fileName?: string): { format: ImportFormat } {
  if (head.length === 0) throw new ImportFileError('the file is empty');
  const signature = SIGNATURES.find((candidate) =>
    matches(head, candidate.bytes, candidate.offset ?? 0),
  );
  if (signature) throw notAStatement(signature.what);
  if (ZIP.some((bytes) => matches(head, bytes, 0))) throw zipError(head);
  const text = decodeHead(head);
  if (text.trim() === '') throw new ImportFileError('the file is empty');
  if (looksBinary(text)) throw notAStatement('a binary file');
  const start = text.trimStart().slice(0, 4096);
  if (/^OFXHEADER\s*:/i.test(start) || /^<OFX>/i.test(start)) return { format: ofxOrQfx(fileName) };
  if (/^!(type|account|option|clear)\b/i.test(start)) return { format: 'qif' };
  if (/^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(start)) {
    throw new ImportFileError(
      'this is a web page (HTML), not a bank statement; if it came from your bank, download the statement again',
    );
  }
  if (start.startsWith('<')) return { format: xmlFormat(start, fileName) };
  if (/^\{\\rtf/.test(start)) throw notAStatement('a rich-text (RTF) document');
  if (/^(\{|\[\s*[{"[])/.test(start)) throw notAStatement('a JSON file');
  return { format: 'csv' };
}

function xmlFormat(start: string, fileName: string | undefined): ImportFormat {
  const camt = CAMT.exec(start);
  if (camt?.[1] === '053') return 'camt';
  if (camt?.[1] === '052' || camt?.[1] === '054') {
    const what =
      camt[1] === '052'
        ? 'a camt.052 intraday account report'
        : 'a camt.054 debit/credit notification';
    throw new ImportFileError(
      `this is ${what}, not a camt.053 statement; download the account statement (camt.053) instead`,
    );
  }
  if (camt)
    throw new ImportFileError(
      `this is an ISO 20022 camt.${camt[1]} message, not a camt.053 statement`,
    );
  if (/<\?OFX[\s?]|<OFX[\s>]/i.test(start)) return ofxOrQfx(fileName);
  if (/<(\w+:)?BkToCstmrStmt[\s>]/.test(start)) return 'camt';
  throw new ImportFileError(
    `this is an XML file, but not an OFX or CAMT.053 statement; ${EXPORT_HINT}`,
  );
}

function ofxOrQfx(fileName: string | undefined): ImportFormat {
  return fileName !== undefined && /\.qfx$/i.test(fileName.trim()) ? 'qfx' : 'ofx';
}

function matches(head: Uint8Array, bytes: readonly (number | null)[], offset: number): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => byte === null || head[offset + index] === byte);
}

function notAStatement(what: string): ImportFileError {
  return new ImportFileError(`this is ${what}, not a bank statement; ${EXPORT_HINT}`);
}

// A ZIP's first entry names its content: spreadsheets and documents are ZIPs.
function zipError(head: Uint8Array): ImportFileError {
  const names = new TextDecoder('latin1').decode(head);
  if (names.includes('[Content_Types].xml') || /\bxl\//.test(names)) {
    if (/\bword\//.test(names)) return notAStatement('a Word document (.docx)');
    if (/\bppt\//.test(names)) return notAStatement('a PowerPoint file (.pptx)');
    return new ImportFileError(
      `this is an Excel workbook (.xlsx), not a bank statement; save it as CSV, or ${EXPORT_HINT}`,
    );
  }
  if (names.includes('opendocument.spreadsheet')) {
    return new ImportFileError(
      `this is a spreadsheet (.ods), not a bank statement; save it as CSV, or ${EXPORT_HINT}`,
    );
  }
  return new ImportFileError(
    `this is a ZIP archive (an .xlsx workbook?), not a bank statement; unzip it, or ${EXPORT_HINT}`,
  );
}

function decodeHead(head: Uint8Array): string {
  const text = new TextDecoder(chooseEncoding(head, false)).decode(head);
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

// Text files have almost no control characters besides tab, line breaks and form feed;
// NUL never appears in 8-bit or correctly decoded UTF-16 text.
function looksBinary(text: string): boolean {
  let controls = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0) return true;
    if ((code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || code === 127)
      controls += 1;
  }
  return controls > Math.max(2, text.length / 100);
}
