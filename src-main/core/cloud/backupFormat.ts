import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  timingSafeEqual,
} from 'node:crypto';
import { z } from 'zod';
import { KdfParamsSchema, openSealedKey, sealKey, UnwrapError, VaultFileSchema } from '../vault';
import { CloudError } from './cloudErrors';

/*
 * The encrypted backup format, v1. Everything the server stores is this:
 *
 *   "CASIKEB1" | u32be n | manifest (n bytes of JSON) | HMAC-SHA256 (32) | chunk 0 | … | chunk k-1
 *
 * - The backup key BK is random per backup. The manifest carries it sealed (AES-256-GCM,
 *   the vault's keyWrap) under a key derived from the vault's data key K, and carries the
 *   vault's own key slot (K sealed under the passphrase's Argon2id KEK and to the recovery
 *   key). So the passphrase or the recovery key of that vault generation opens BK, on any
 *   device. The wrap's AAD binds BK to backup id, vault, key generation and sequence.
 * - The manifest is MACed with a key derived from BK: the server can neither edit it (e.g.
 *   lower the sequence, swap the id) nor make one of its own.
 * - The payload (a consistent copy of the SQLCipher database, itself ciphertext under K) is
 *   cut into chunks of `chunkBytes`, each sealed with AES-256-GCM under a chunk key derived
 *   from BK; nonce = chunk index; AAD = manifest MAC | index | final flag. A flipped byte,
 *   reordered or dropped chunks, a cut-off tail (the last chunk present was not sealed as
 *   final), or chunks from another backup all fail authentication.
 */

export const BACKUP_MAGIC = Buffer.from('CASIKEB1', 'latin1');
export const BACKUP_FORMAT = 1;
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
const MAC_BYTES = 32;
const TAG_BYTES = 16;
const MAX_MANIFEST_BYTES = 64 * 1024;

const SealedSchema = z.object({ nonce: z.string(), ciphertext: z.string() });

/** What a new device needs to turn the passphrase or recovery key into K. */
export const KeyMaterialSchema = z.object({
  vaultId: z.string().min(1),
  createdAt: z.string(),
  passphraseKdf: KdfParamsSchema,
  recoveryPublicKey: z.string(),
  slot: VaultFileSchema.shape.keys.element,
});
export type KeyMaterial = z.infer<typeof KeyMaterialSchema>;

export const ManifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  backupId: z.string().min(1).max(64),
  vaultId: z.string().min(1),
  /** Increases with every backup of a vault; the client remembers the highest it has seen. */
  sequence: z.number().int().min(1),
  createdAt: z.string(),
  /** The data key generation whose derived key wraps BK (and whose slot is below). */
  keyId: z.string().min(1),
  chunkBytes: z
    .number()
    .int()
    .min(4096)
    .max(16 * 1024 * 1024),
  plaintextBytes: z.number().int().min(0),
  chunkCount: z.number().int().min(1),
  /** Schema version of the database inside, for information. */
  schemaVersion: z.number().int().min(0),
  wrappedKey: SealedSchema,
  keyMaterial: KeyMaterialSchema,
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function chunkCountFor(plaintextBytes: number, chunkBytes: number): number {
  return Math.max(1, Math.ceil(plaintextBytes / chunkBytes));
}

/** Total encrypted size, known before encrypting (the upload declares it up front). */
export function encryptedSize(
  manifestJson: Buffer,
  plaintextBytes: number,
  chunkCount: number,
): number {
  return (
    BACKUP_MAGIC.length +
    4 +
    manifestJson.length +
    MAC_BYTES +
    plaintextBytes +
    chunkCount * TAG_BYTES
  );
}

function wrapAad(m: Pick<Manifest, 'backupId' | 'vaultId' | 'keyId' | 'sequence'>): string {
  return `casike-backup/v${BACKUP_FORMAT}/${m.backupId}/${m.vaultId}/${m.keyId}/${m.sequence}`;
}

function subkey(backupKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', backupKey, 'casike-backup', purpose, 32));
}

/** Seals BK under the vault-derived wrap key for this manifest's identity. */
export function wrapBackupKey(
  wrapKey: Buffer,
  backupKey: Buffer,
  identity: Pick<Manifest, 'backupId' | 'vaultId' | 'keyId' | 'sequence'>,
): z.infer<typeof SealedSchema> {
  return sealKey(wrapKey, backupKey, wrapAad(identity));
}

/** Opens BK; a wrong key or an edited identity is `wrong_secret`/`tampered`. */
export function unwrapBackupKey(wrapKey: Buffer, manifest: Manifest): Buffer {
  try {
    return openSealedKey(wrapKey, manifest.wrappedKey, wrapAad(manifest));
  } catch (error) {
    if (error instanceof UnwrapError)
      throw new CloudError('tampered', 'the backup failed authentication (its key does not open)');
    throw error;
  }
}

/** The header: magic, manifest, MAC. */
export function encodeHeader(
  manifest: Manifest,
  backupKey: Buffer,
): { header: Buffer; mac: Buffer } {
  const json = Buffer.from(JSON.stringify(ManifestSchema.parse(manifest)), 'utf8');
  const mac = createHmac('sha256', subkey(backupKey, 'manifest-mac-v1')).update(json).digest();
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return { header: Buffer.concat([BACKUP_MAGIC, length, json, mac]), mac };
}

export interface ParsedHeader {
  /** Not yet authenticated: check with verifyHeader once BK is open. */
  manifest: Manifest;
  json: Buffer;
  mac: Buffer;
  /** Bytes the header occupies at the start of the backup. */
  length: number;
}

/** Parses the header from the first bytes; undefined when more bytes are needed. */
export function parseHeader(start: Buffer): ParsedHeader | undefined {
  const fixed = BACKUP_MAGIC.length + 4;
  if (start.length < fixed) return undefined;
  if (!start.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC))
    throw new CloudError('tampered', 'this is not a Casike backup (or its header was damaged)');
  const n = start.readUInt32BE(BACKUP_MAGIC.length);
  if (n > MAX_MANIFEST_BYTES) throw new CloudError('tampered', 'the backup header is damaged');
  if (start.length < fixed + n + MAC_BYTES) return undefined;
  const json = start.subarray(fixed, fixed + n);
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(json.toString('utf8')));
  } catch {
    throw new CloudError('tampered', 'the backup header is damaged');
  }
  return {
    manifest,
    json,
    mac: start.subarray(fixed + n, fixed + n + MAC_BYTES),
    length: fixed + n + MAC_BYTES,
  };
}

export function verifyHeader(parsed: ParsedHeader, backupKey: Buffer): void {
  const expected = createHmac('sha256', subkey(backupKey, 'manifest-mac-v1'))
    .update(parsed.json)
    .digest();
  if (!timingSafeEqual(expected, parsed.mac))
    throw new CloudError('tampered', 'the backup header failed authentication');
}

function chunkNonce(index: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(index), 4);
  return nonce;
}

function chunkAad(headerMac: Buffer, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(MAC_BYTES + 9);
  headerMac.copy(aad, 0);
  aad.writeBigUInt64BE(BigInt(index), MAC_BYTES);
  aad[MAC_BYTES + 8] = final ? 1 : 0;
  return aad;
}

/** Seals payload chunks in order. */
export class ChunkSealer {
  private readonly key: Buffer;
  private index = 0;
  constructor(
    backupKey: Buffer,
    private readonly headerMac: Buffer,
  ) {
    this.key = subkey(backupKey, 'chunk-key-v1');
  }

  seal(plaintext: Buffer, final: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.key, chunkNonce(this.index), {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(chunkAad(this.headerMac, this.index, final));
    this.index += 1;
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }
}

/**
 * Opens the chunk stream that follows the header, fed in whatever pieces the download
 * brings. Emits a chunk's plaintext only after its tag verified. A chunk is opened as
 * non-final as soon as more bytes follow it; `finish()` opens the rest as the final one.
 */
export class ChunkOpener {
  private readonly key: Buffer;
  private readonly sealedBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private done = false;

  constructor(
    backupKey: Buffer,
    private readonly manifest: Manifest,
    private readonly headerMac: Buffer,
    private readonly emit: (plaintext: Buffer) => void,
  ) {
    this.key = subkey(backupKey, 'chunk-key-v1');
    this.sealedBytes = manifest.chunkBytes + TAG_BYTES;
  }

  push(bytes: Buffer): void {
    if (this.done) throw new CloudError('tampered', 'the backup has bytes after its end');
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    // Strictly more than one sealed chunk buffered: the first is certainly not the last.
    if (this.pendingBytes <= this.sealedBytes) return;
    const all = Buffer.concat(this.pending);
    let offset = 0;
    while (all.length - offset > this.sealedBytes) {
      this.emit(this.open(all.subarray(offset, offset + this.sealedBytes), false));
      offset += this.sealedBytes;
    }
    this.pending = [all.subarray(offset)];
    this.pendingBytes = all.length - offset;
  }

  finish(): void {
    if (this.done) return;
    const last = Buffer.concat(this.pending);
    if (last.length < TAG_BYTES) throw new CloudError('tampered', 'the backup is truncated');
    this.emit(this.open(last, true));
    this.done = true;
    if (this.index !== this.manifest.chunkCount)
      throw new CloudError('tampered', 'the backup has the wrong number of chunks');
  }

  private open(sealed: Buffer, final: boolean): Buffer {
    if (this.index >= this.manifest.chunkCount)
      throw new CloudError('tampered', 'the backup has more chunks than its manifest says');
    const decipher = createDecipheriv('aes-256-gcm', this.key, chunkNonce(this.index), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(chunkAad(this.headerMac, this.index, final));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
      this.index += 1;
      return plain;
    } catch {
      throw new CloudError(
        'tampered',
        final
          ? `the backup was altered or truncated (chunk ${this.index} failed authentication)`
          : `the backup was altered (chunk ${this.index} failed authentication)`,
      );
    }
  }
}
