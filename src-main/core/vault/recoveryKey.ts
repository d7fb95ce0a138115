import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { openSealedKey, sealKey, type SealedKey } from './keyWrap';

/**
 * The recovery key is 256 random bits shown once as Crockford base32 with a 24-bit
 * checksum, in groups of four. It is an X25519 private key: vault.json keeps only
 * its public half, so the data key can be re-wrapped for recovery after a key
 * rotation without the user typing the recovery key again.
 */
const SECRET_BYTES = 32;
const CHECKSUM_BYTES = 3;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const WRAP_INFO = 'casike recovery wrap v1';

export class RecoveryKeyFormatError extends Error {
  constructor(reason: string) {
    super(`this is not a valid recovery key: ${reason}`);
    this.name = 'RecoveryKeyFormatError';
  }
}

/** A sealed data key that only the recovery key's private half can open. */
export interface RecoverySealedKey extends SealedKey {
  ephemeralPublicKey: string;
}

/** Creates a new recovery secret; returns it with its display form and public key. */
export function newRecoveryKey(): { secret: Buffer; display: string; publicKey: string } {
  const secret = randomBytes(SECRET_BYTES);
  return { secret, display: formatRecoveryKey(secret), publicKey: recoveryPublicKey(secret) };
}

export function formatRecoveryKey(secret: Buffer): string {
  const payload = Buffer.concat([secret, checksum(secret)]);
  return (encodeBase32(payload).match(/.{1,4}/g) ?? []).join('-');
}

/**
 * Parses what the user typed. Case, spaces and dashes do not matter, and the
 * letters people confuse with digits (O, I, L) are read as 0 and 1.
 */
export function parseRecoveryKey(text: string): Buffer {
  const cleaned = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const expectedLength = ((SECRET_BYTES + CHECKSUM_BYTES) * 8) / 5;
  if (cleaned.length !== expectedLength) {
    throw new RecoveryKeyFormatError(
      `expected ${expectedLength} characters, got ${cleaned.length}`,
    );
  }
  const payload = decodeBase32(cleaned);
  const secret = payload.subarray(0, SECRET_BYTES);
  if (!checksum(secret).equals(payload.subarray(SECRET_BYTES))) {
    throw new RecoveryKeyFormatError('the checksum does not match (a character is mistyped)');
  }
  return Buffer.from(secret);
}

export function recoveryPublicKey(secret: Buffer): string {
  const der = createPublicKey(privateKeyFromSecret(secret)).export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32).toString('base64');
}

/** Seals `dataKey` to the recovery public key (ephemeral X25519 + HKDF + AES-256-GCM). */
export function sealToRecoveryKey(
  publicKey: string,
  dataKey: Buffer,
  aad: string,
): RecoverySealedKey {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublic(ephemeral.publicKey);
  const kek = deriveWrapKey(
    diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyFromRaw(publicKey) }),
    ephemeralPublic,
    Buffer.from(publicKey, 'base64'),
  );
  return { ...sealKey(kek, dataKey, aad), ephemeralPublicKey: ephemeralPublic.toString('base64') };
}

/** Opens a recovery-sealed key with the recovery secret; throws UnwrapError if wrong. */
export function openWithRecoveryKey(
  secret: Buffer,
  sealed: RecoverySealedKey,
  aad: string,
): Buffer {
  const ephemeralPublic = Buffer.from(sealed.ephemeralPublicKey, 'base64');
  const kek = deriveWrapKey(
    diffieHellman({
      privateKey: privateKeyFromSecret(secret),
      publicKey: publicKeyFromRaw(sealed.ephemeralPublicKey),
    }),
    ephemeralPublic,
    Buffer.from(recoveryPublicKey(secret), 'base64'),
  );
  return openSealedKey(kek, sealed, aad);
}

function deriveWrapKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  const salt = Buffer.concat([ephemeralPublic, recipientPublic]);
  return Buffer.from(hkdfSync('sha256', shared, salt, WRAP_INFO, 32));
}

function privateKeyFromSecret(secret: Buffer): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_X25519_PREFIX, secret]),
    format: 'der',
    type: 'pkcs8',
  });
}

function publicKeyFromRaw(raw: string): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw, 'base64').toString('base64url') },
    format: 'jwk',
  });
}

function rawPublic(key: KeyObject): Buffer {
  const der = key.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32);
}

function checksum(secret: Buffer): Buffer {
  return createHash('sha256')
    .update('casike recovery checksum')
    .update(secret)
    .digest()
    .subarray(0, CHECKSUM_BYTES);
}

function encodeBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function decodeBase32(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new RecoveryKeyFormatError(`'${char}' is not a recovery key character`);
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
