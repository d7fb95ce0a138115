import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTES_TAG, decodeWire, encodeWire } from './wireCodec';

describe('wireCodec', () => {
  it('round-trips JSON values unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(decodeWire(encodeWire(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('round-trips byte arrays, Buffers included, at any depth', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        const buffer = Buffer.from(bytes);
        const decoded = decodeWire(encodeWire({ a: [bytes], b: buffer })) as {
          a: [Uint8Array];
          b: Uint8Array;
        };
        expect(decoded.a[0]).toEqual(new Uint8Array(bytes));
        expect(decoded.b).toEqual(new Uint8Array(bytes));
      }),
    );
  });

  it('encodes a slice of a larger buffer as just that slice', () => {
    const big = Buffer.from([9, 1, 2, 3, 9]);
    expect(encodeWire(big.subarray(1, 4))).toBe(JSON.stringify({ [BYTES_TAG]: 'AQID' }));
  });

  it('leaves malformed tags alone for the contract to refuse', () => {
    for (const text of [
      `{"${BYTES_TAG}": 5}`,
      `{"${BYTES_TAG}": "not base64!"}`,
      `{"${BYTES_TAG}": "AQI"}`,
      `{"${BYTES_TAG}": "AQID", "other": 1}`,
    ]) {
      expect(decodeWire(text)).toEqual(JSON.parse(text));
    }
  });

  it('throws on text that is not JSON', () => {
    expect(() => decodeWire('{')).toThrow(SyntaxError);
  });
});
