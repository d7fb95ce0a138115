import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { _parseAll, _PARSERS, _statementFixtures } from './_parseTestSupport';

// Bytes arrive in whatever pieces the file system or a socket hands over. Where the
// input is cut — inside a tag, a CRLF, a multi-byte character, a UTF-16 code unit, the
// encoding sniff window — must never change the rows, the warnings or the error.

/** The same text as UTF-16 LE with a byte-order mark (fixtures are UTF-8 or Windows-1252). */
function utf16le(bytes: Uint8Array): Uint8Array {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    out[2 + index * 2] = unit & 0xff;
    out[3 + index * 2] = unit >> 8;
  }
  return out;
}

// Every fixture, and the same fixture transcoded to UTF-16 (Windows tools write it).
const cases = _statementFixtures().flatMap(({ name, bytes, expected }) => {
  const base = { name, bytes, format: expected.format, currency: expected.currency };
  return [base, { ...base, name: `${name} (UTF-16)`, bytes: utf16le(bytes) }];
});

describe('chunk boundaries', () => {
  for (const { name, bytes, format, currency } of cases) {
    it(`${name}: random cuts never change what is parsed`, async () => {
      const parser = _PARSERS[format];
      const whole = await _parseAll(parser, bytes, currency);
      const everyByte = await _parseAll(
        parser,
        bytes,
        currency,
        Array.from({ length: bytes.length }, (_, index) => index),
      );
      expect(everyByte).toEqual(whole);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 40 }),
          async (cuts) => {
            expect(await _parseAll(parser, bytes, currency, cuts)).toEqual(whole);
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it('the UTF-16 copies parse to the same rows, warnings and errors as the originals', async () => {
    for (const { name, bytes, expected } of _statementFixtures()) {
      const parser = _PARSERS[expected.format];
      const original = await _parseAll(parser, bytes, expected.currency);
      expect(await _parseAll(parser, utf16le(bytes), expected.currency), name).toEqual(original);
    }
  });
});
