import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { _parseAll, _PARSERS, _statementFixtures } from './_parseTestSupport';

// Bytes arrive in whatever pieces the file system or a socket hands over. Where the
// input is cut — inside a tag, a CRLF, a multi-byte character, a UTF-16 code unit, the
// encoding sniff window — must never change the rows, the warnings or the error.

/** The same text as UTF-16 LE with a byte-order mark. */
function utf16le(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder('utf-8').decode(bytes);
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    out[2 + index * 2] = unit & 0xff;
    out[3 + index * 2] = unit >> 8;
  }
  return out;
}

const cases = _statementFixtures().flatMap((fixture) => {
  const base = { name: fixture.name, bytes: fixture.bytes, format: fixture.expected.format, currency: fixture.expected.currency };
  // A UTF-8 fixture transcoded to UTF-16 must read the same (Windows tools write it).
  const ascii = fixture.bytes.every((byte) => byte < 0x80);
  const isUtf8Xml = fixture.name.endsWith('.xml') || fixture.name === 'creditcard-ofx2.ofx';
  return ascii || isUtf8Xml ? [base, { ...base, name: `${fixture.name} (UTF-16)`, bytes: utf16le(fixture.bytes) }] : [base];
});

describe('chunk boundaries', () => {
  for (const { name, bytes, format, currency } of cases) {
    it(`${name}: random cuts never change what is parsed`, async () => {
      const parser = _PARSERS[format];
      const whole = await _parseAll(parser, bytes, currency);
      const everyByte = await _parseAll(parser, bytes, currency, Array.from({ length: bytes.length }, (_, index) => index));
      expect(everyByte).toEqual(whole);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 40 }), async (cuts) => {
          expect(await _parseAll(parser, bytes, currency, cuts)).toEqual(whole);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('the UTF-16 copies parse to the same rows as the originals', async () => {
    for (const fixture of _statementFixtures()) {
      const { format, currency } = fixture.expected;
      if (!fixture.bytes.every((byte) => byte < 0x80) && !fixture.name.endsWith('.xml')) continue;
      const original = await _parseAll(_PARSERS[format], fixture.bytes, currency);
      const transcoded = await _parseAll(_PARSERS[format], utf16le(fixture.bytes), currency);
      expect(transcoded, fixture.name).toEqual(original);
    }
  });
});
