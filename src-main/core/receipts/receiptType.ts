import type { ReceiptMediaType } from '../../../src-shared/contract/expenses';
import { invalid } from '../coreError';

/*
 * A receipt's type comes from its first bytes, never from its name: a program or a web
 * page renamed "receipt.jpg" must not be stored and later handed to a viewer as an
 * image. Only four formats are accepted; everything else is refused, and the message
 * says what the file really is when we can tell, so the user understands why.
 */

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((value, index) => bytes[offset + index] === value);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

/** The accepted format the bytes are, or null. */
export function sniffReceiptType(bytes: Uint8Array): ReceiptMediaType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(bytes, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'image/heic';
  return null;
}

/** What a refused file most likely is, for the message; null when we cannot tell. */
export function describeRefusedContent(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x4d, 0x5a])) return 'a Windows program';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'a Linux program';
  if (
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xce, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])
  )
    return 'a macOS program';
  if (startsWith(bytes, [0x23, 0x21])) return 'a script';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive or Office document';
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype html|html|head|body|script|iframe)\b/.test(head)) return 'a web page (HTML)';
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')))
    return 'an SVG image, which can contain scripts';
  if (head.startsWith('<?xml') || head.startsWith('<')) return 'an XML or markup file';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'a GIF image';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'a WebP image';
  return null;
}

/**
 * The receipt's media type, judged by content. Throws VALIDATION with a one-line
 * reason for anything that is not a JPEG, PNG, HEIC or PDF, whatever it is called.
 */
export function detectReceiptType(bytes: Uint8Array, fileName: string): ReceiptMediaType {
  const type = sniffReceiptType(bytes);
  if (type) return type;
  const what = describeRefusedContent(bytes);
  const name = displayName(fileName);
  throw invalid(
    what
      ? `${name} is ${what}, not a receipt; attach a JPEG, PNG, HEIC or PDF file`
      : `${name} is not a JPEG, PNG, HEIC or PDF file (its content says otherwise, whatever its name)`,
  );
}

/** A file name fit for a one-line message: no folders, no control characters, bounded. */
export function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const bounded = clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
  return bounded ? `"${bounded}"` : 'the file';
}
