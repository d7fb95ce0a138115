import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { _chunked, _utf8 } from './_parseTestSupport';
import { chooseEncoding, decodeText, SNIFF_BYTES, xmlDeclaredEncoding } from './decodeText';

async function decode(bytes: Uint8Array, cuts: number[] = [], declared?: string): Promise<string> {
  let text = '';
  for await (const piece of decodeText(_chunked(bytes, cuts), { declaredCharset: () => declared }))
    text += piece;
  return text;
}

const cp1252 = (text: string) =>
  Uint8Array.from(
    [...text].map((char) => ({ é: 0xe9, '€': 0x80, '£': 0xa3 })[char] ?? char.charCodeAt(0)),
  );

describe('decodeText', () => {
  it('reads byte-order marks and drops them', async () => {
    expect(await decode(Uint8Array.from([0xef, 0xbb, 0xbf, ..._utf8('Café')]))).toBe('Café');
    expect(await decode(Uint8Array.from([0xff, 0xfe, 0x41, 0, 0xe9, 0]))).toBe('Aé');
    expect(await decode(Uint8Array.from([0xfe, 0xff, 0, 0x41, 0, 0xe9]))).toBe('Aé');
  });

  it('recognises UTF-16 without a byte-order mark by its zero bytes', async () => {
    const le = Uint8Array.from([..._utf8('!Type:Bank\n')].flatMap((byte) => [byte, 0]));
    expect(await decode(le)).toBe('!Type:Bank\n');
    expect(
      chooseEncoding(Uint8Array.from([..._utf8('<OFX>')].flatMap((byte) => [0, byte])), true),
    ).toBe('utf-16be');
  });

  it('prefers valid UTF-8 over a declared single-byte charset, and falls back to Windows-1252', async () => {
    expect(await decode(_utf8('Café €5'), [], 'windows-1252')).toBe('Café €5');
    expect(await decode(cp1252('Café €5'))).toBe('Café €5');
    expect(await decode(cp1252('Café'), [], 'iso-8859-15')).toBe('Café');
    expect(await decode(_utf8('plain ascii'), [], 'windows-1252')).toBe('plain ascii');
  });

  it('refuses a declared character set it cannot read', async () => {
    await expect(decode(cp1252('é'), [], 'klingon-1')).rejects.toThrow(
      'line 1: the file declares the character set "klingon-1", which Casike cannot read',
    );
  });

  it('decides from a fixed window, so a large file decodes the same however it is cut', async () => {
    const text = `${'a,b\n'.repeat(SNIFF_BYTES / 4 - 1)}é,€\n£,ü\n`;
    for (const bytes of [_utf8(text), cp1252(text.replace('ü', 'u'))]) {
      const whole = await decode(bytes);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }),
          async (cuts) => {
            expect(await decode(bytes, cuts)).toBe(whole);
          },
        ),
        { numRuns: 30 },
      );
      expect(whole.endsWith('é,€\n£,u\n') || whole.endsWith('é,€\n£,ü\n')).toBe(true);
    }
  });

  it('reads the XML declaration', () => {
    expect(xmlDeclaredEncoding('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')).toBe(
      'ISO-8859-1',
    );
    expect(xmlDeclaredEncoding("<?xml version='1.0' encoding='utf-8' ?>")).toBe('utf-8');
    expect(xmlDeclaredEncoding('<?xml version="1.0"?>')).toBeUndefined();
    expect(xmlDeclaredEncoding('OFXHEADER:100')).toBeUndefined();
  });
});
