// JSON on the WebSocket, with one addition so the harness carries what Electron's IPC
// (structured clone) carries and JSON does not: byte arrays (receipts, attachments).
// A Uint8Array travels as `{"$casike:bytes": "<base64>"}`. The page's client
// (client/casike-harness.js) uses the same tag; keep the two in step.

/** The key that marks an encoded byte array. */
export const BYTES_TAG = '$casike:bytes';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Serialises a message for the page; byte arrays (Buffers included) become tagged base64. */
export function encodeWire(value: unknown): string {
  // A `function` replacer, because `this[key]` is the value before `toJSON` ran: a
  // Buffer would otherwise arrive as `{type: 'Buffer', data: [...]}`.
  return JSON.stringify(value, function (this: unknown, key: string, replaced: unknown) {
    const original = (this as Record<string, unknown>)[key];
    if (original instanceof Uint8Array) {
      return {
        [BYTES_TAG]: Buffer.from(
          original.buffer,
          original.byteOffset,
          original.byteLength,
        ).toString('base64'),
      };
    }
    return replaced;
  });
}

/**
 * Parses a message from the page; tagged base64 becomes a Uint8Array. Throws on JSON
 * that does not parse. A malformed tag is left as it is, for the contract to refuse.
 */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== BYTES_TAG) return value;
    const encoded = (value as Record<string, unknown>)[BYTES_TAG];
    if (typeof encoded !== 'string' || encoded.length % 4 !== 0 || !BASE64.test(encoded))
      return value;
    return new Uint8Array(Buffer.from(encoded, 'base64'));
  });
}
