import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkDecoder, detectEncoding } from './csvEncoding';

const utf16 = (text: string, endian: 'le' | 'be') => {
  const le = Buffer.from(text, 'utf16le');
  return endian === 'le' ? le : Buffer.from(le).swap16();
};
const cp1252 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

function decodeAll(
  encoding: Parameters<typeof detectEncoding>[0] extends never
    ? never
    : ReturnType<typeof detectEncoding>,
  bytes: Uint8Array,
  cuts: number[],
): string {
  const decoder = new ChunkDecoder(encoding);
  let text = '';
  let start = 0;
  for (const at of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    text += decoder.decode(bytes.subarray(start, at));
    start = at;
  }
  return text + decoder.decode(bytes.subarray(start)) + decoder.end();
}

describe('detectEncoding', () => {
  it('believes a byte order mark', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8-bom');
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toBe('utf-16le');
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61]))).toBe('utf-16be');
  });

  it('recognises UTF-16 without a BOM by its NUL bytes', () => {
    expect(detectEncoding(utf16('Datum;Betrag\r\n01.01.2026;-1,00\r\n', 'le'))).toBe('utf-16le');
    expect(detectEncoding(utf16('Datum;Betrag\r\n01.01.2026;-1,00\r\n', 'be'))).toBe('utf-16be');
  });

  it('tells UTF-8 from Windows-1252', () => {
    expect(detectEncoding(new Uint8Array(Buffer.from('Empfänger;Betrag\n', 'utf8')))).toBe('utf-8');
    expect(detectEncoding(cp1252('Empfänger;Betrag;£\n'))).toBe('windows-1252');
    expect(detectEncoding(new Uint8Array(Buffer.from('plain ascii\n')))).toBe('utf-8');
  });

  it('does not mistake a character cut at the end of the head for bad UTF-8', () => {
    const bytes = Buffer.from('a'.repeat(10) + 'ä', 'utf8');
    expect(detectEncoding(new Uint8Array(bytes.subarray(0, bytes.length - 1)))).toBe('utf-8');
  });

  it('refuses binary files', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x21, 0, 0x5e, 0x1c]);
    expect(() => detectEncoding(zip)).toThrow(/not a text file/);
  });
});

describe('ChunkDecoder', () => {
  const text = 'Café;Straße;€ 12,50;😀\r\n';

  it('decodes every encoding the same wherever the chunks are cut (property)', () => {
    const cases = [
      ['utf-8', new Uint8Array(Buffer.from(text, 'utf8'))],
      [
        'utf-8-bom',
        new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])),
      ],
      ['utf-16le', new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(text, 'le')]))],
      ['utf-16be', new Uint8Array(utf16(text, 'be'))],
    ] as const;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 6 }), (cuts) => {
        for (const [encoding, bytes] of cases) expect(decodeAll(encoding, bytes, cuts)).toBe(text);
        expect(decodeAll('windows-1252', cp1252('Café £5'), cuts)).toBe('Café £5');
      }),
    );
  });

  it('switches to Windows-1252 when the non-ASCII past an ASCII head is not UTF-8', () => {
    const bytes = new Uint8Array(
      Buffer.concat([Buffer.from('a'.repeat(100) + '\n'), cp1252('Müller\n')]),
    );
    for (const cut of [50, 101, 102, 103])
      expect(decodeAll('utf-8', bytes, [cut])).toBe(`${'a'.repeat(100)}\nMüller\n`);
  });

  it('refuses invalid UTF-8 once real UTF-8 has been seen, naming the line', () => {
    const bytes = new Uint8Array(
      Buffer.concat([Buffer.from('Müller\n', 'utf8'), cp1252('Müller\n')]),
    );
    const decoder = new ChunkDecoder('utf-8', () => 2);
    expect(() => decoder.decode(bytes)).toThrow('line 2: the file is not valid text');
  });
});
