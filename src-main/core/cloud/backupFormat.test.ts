import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ChunkOpener,
  ChunkSealer,
  chunkCountFor,
  encodeHeader,
  encryptedSize,
  parseHeader,
  unwrapBackupKey,
  verifyHeader,
  wrapBackupKey,
  type Manifest,
} from './backupFormat';
import { CloudError } from './cloudErrors';

/* The encrypted backup format on its own: round trip, and every kind of damage refused. */

const CHUNK = 4096;

function makeBackup(payload: Buffer, overrides: Partial<Manifest> = {}) {
  const wrapKey = randomBytes(32);
  const backupKey = randomBytes(32);
  const identity = { backupId: 'b-1', vaultId: 'v-1', keyId: 'k-1', sequence: 3 };
  const manifest: Manifest = {
    format: 1,
    ...identity,
    createdAt: '2026-03-01T00:00:00.000Z',
    chunkBytes: CHUNK,
    plaintextBytes: payload.length,
    chunkCount: chunkCountFor(payload.length, CHUNK),
    schemaVersion: 4,
    wrappedKey: wrapBackupKey(wrapKey, backupKey, identity),
    keyMaterial: {
      vaultId: 'v-1',
      createdAt: '2026-01-01T00:00:00.000Z',
      passphraseKdf: {
        algorithm: 'argon2id',
        memoryKiB: 65536,
        iterations: 3,
        parallelism: 1,
        salt: 'c2FsdHNhbHRzYWx0c2FsdA==',
      },
      recoveryPublicKey: 'pk',
      slot: {
        keyId: 'k-1',
        passphrase: { nonce: 'n', ciphertext: 'c' },
        recovery: { nonce: 'n', ciphertext: 'c', ephemeralPublicKey: 'e' },
      },
    },
    ...overrides,
  };
  const { header, mac } = encodeHeader(manifest, backupKey);
  const sealer = new ChunkSealer(backupKey, mac);
  const chunks: Buffer[] = [];
  for (let i = 0; i < manifest.chunkCount; i += 1)
    chunks.push(
      sealer.seal(payload.subarray(i * CHUNK, (i + 1) * CHUNK), i === manifest.chunkCount - 1),
    );
  return { wrapKey, header, chunks, manifest };
}

/** Decrypts like restore does, feeding the bytes in uneven pieces. */
function open(wrapKey: Buffer, blob: Buffer, piece = 1000): Buffer {
  const parsed = parseHeader(blob);
  if (parsed === undefined) throw new CloudError('tampered', 'the backup is truncated');
  const backupKey = unwrapBackupKey(wrapKey, parsed.manifest);
  verifyHeader(parsed, backupKey);
  const out: Buffer[] = [];
  const opener = new ChunkOpener(backupKey, parsed.manifest, parsed.mac, (p) => out.push(p));
  const body = blob.subarray(parsed.length);
  for (let i = 0; i < body.length; i += piece) opener.push(body.subarray(i, i + piece));
  opener.finish();
  return Buffer.concat(out);
}

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CloudError) return error.failure;
    throw error;
  }
  return 'no error';
};

describe('backup format', () => {
  const payload = randomBytes(CHUNK * 3 + 123);

  it('round-trips, in any piece size, with the size known up front', () => {
    const { wrapKey, header, chunks, manifest } = makeBackup(payload);
    const blob = Buffer.concat([header, ...chunks]);
    const json = Buffer.from(JSON.stringify(manifest));
    expect(blob.length).toBe(encryptedSize(json, payload.length, manifest.chunkCount));
    for (const piece of [1, 17, 4112, 1 << 20])
      expect(open(wrapKey, blob, piece).equals(payload)).toBe(true);
    // An exact multiple of the chunk size, and an empty payload, still end with a final chunk.
    const exact = randomBytes(CHUNK * 2);
    const e = makeBackup(exact);
    expect(open(e.wrapKey, Buffer.concat([e.header, ...e.chunks])).equals(exact)).toBe(true);
    const empty = makeBackup(Buffer.alloc(0));
    expect(open(empty.wrapKey, Buffer.concat([empty.header, ...empty.chunks])).length).toBe(0);
  });

  it('detects a flipped byte anywhere', () => {
    const { wrapKey, header, chunks } = makeBackup(payload);
    const blob = Buffer.concat([header, ...chunks]);
    for (const at of [
      3,
      10,
      header.length - 40,
      header.length - 5,
      header.length + 7,
      blob.length - 1,
      blob.length - 30,
    ]) {
      const bad = Buffer.from(blob);
      bad[at] = (bad[at] ?? 0) ^ 0x80;
      expect(failure(() => open(wrapKey, bad))).toBe('tampered');
    }
  });

  it('detects truncation at a chunk boundary, inside a chunk, and inside the header', () => {
    const { wrapKey, header, chunks } = makeBackup(payload);
    expect(failure(() => open(wrapKey, Buffer.concat([header, ...chunks.slice(0, -1)])))).toBe(
      'tampered',
    );
    expect(failure(() => open(wrapKey, Buffer.concat([header, ...chunks]).subarray(0, -5)))).toBe(
      'tampered',
    );
    expect(failure(() => open(wrapKey, header))).toBe('tampered');
    expect(failure(() => open(wrapKey, header.subarray(0, 20)))).toBe('tampered');
  });

  it('detects reordered, repeated or foreign chunks, and extra bytes', () => {
    const { wrapKey, header, chunks } = makeBackup(payload);
    const [c0, c1, c2, c3] = chunks as [Buffer, Buffer, Buffer, Buffer];
    expect(failure(() => open(wrapKey, Buffer.concat([header, c1, c0, c2, c3])))).toBe('tampered');
    expect(failure(() => open(wrapKey, Buffer.concat([header, c0, c0, c2, c3])))).toBe('tampered');
    expect(failure(() => open(wrapKey, Buffer.concat([header, c0, c1, c2, c3, c3])))).toBe(
      'tampered',
    );
    // A chunk from another backup (same keys even) does not fit this header.
    const other = makeBackup(payload);
    expect(
      failure(() => open(wrapKey, Buffer.concat([header, c0, other.chunks[1]!, c2, c3]))),
    ).toBe('tampered');
  });

  it('refuses an edited manifest (lower sequence, another id) and a wrong wrap key', () => {
    const { wrapKey, header, chunks } = makeBackup(payload);
    const text = header.toString('latin1');
    const edited = Buffer.from(text.replace('"sequence":3', '"sequence":2'), 'latin1');
    expect(failure(() => open(wrapKey, Buffer.concat([edited, ...chunks])))).toBe('tampered');
    const renamed = Buffer.from(text.replace('"backupId":"b-1"', '"backupId":"b-2"'), 'latin1');
    expect(failure(() => open(wrapKey, Buffer.concat([renamed, ...chunks])))).toBe('tampered');
    expect(failure(() => open(randomBytes(32), Buffer.concat([header, ...chunks])))).toBe(
      'tampered',
    );
  });
});
