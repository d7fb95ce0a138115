import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveSubkey, findKey, newestKey, type KeyRing } from '../config/keyRing';

/*
 * Envelope encryption of Plaid access tokens at rest. Each token gets its own random data
 * key (AES-256-GCM); the data key is wrapped (AES-256-GCM again) by a subkey of one ring
 * key, whose id travels in the ciphertext:
 *
 *   v1.<kid>.<base64url(nonce | wrapped data key | tag)>.<base64url(nonce | sealed token | tag)>
 *
 * Both layers authenticate `context` (the item row id and its user), so a ciphertext moved
 * to another row, or another user's row, no longer opens. Rotating re-seals under the
 * newest ring key, after which older keys can leave the ring. Errors never include the
 * token or key material.
 */

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class TokenEnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenEnvelopeError';
  }
}

/** What a ciphertext is bound to; it opens only for the same values. */
export interface EnvelopeContext {
  itemRowId: string;
  userId: string;
}

function aad(context: EnvelopeContext, layer: 'key' | 'token'): Buffer {
  return Buffer.from(
    `casike-plaid-token|${VERSION}|${layer}|${context.itemRowId}|${context.userId}`,
  );
}

function seal(key: Buffer, plaintext: Buffer, ad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(ad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function open(key: Buffer, sealed: Buffer, ad: Buffer): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES)
    throw new TokenEnvelopeError('ciphertext is truncated');
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(ad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new TokenEnvelopeError('ciphertext does not open (wrong key, row or tampered)');
  }
}

export interface SealedToken {
  ciphertext: string;
  keyId: string;
}

/** Seals a token under the ring's newest key. */
export function sealToken(ring: KeyRing, context: EnvelopeContext, token: string): SealedToken {
  const ringKey = newestKey(ring);
  const kek = deriveSubkey(ringKey, 'plaid-token-envelope-v1');
  const dataKey = randomBytes(32);
  try {
    const wrapped = seal(kek, dataKey, aad(context, 'key'));
    const sealed = seal(dataKey, Buffer.from(token, 'utf8'), aad(context, 'token'));
    return {
      ciphertext: [
        VERSION,
        ringKey.id,
        wrapped.toString('base64url'),
        sealed.toString('base64url'),
      ].join('.'),
      keyId: ringKey.id,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The ring key id a ciphertext was sealed under. */
export function envelopeKeyId(ciphertext: string): string {
  const parts = ciphertext.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || parts[1] === undefined)
    throw new TokenEnvelopeError('not a v1 token envelope');
  return parts[1];
}

/** Opens a sealed token. Throws TokenEnvelopeError when it cannot. */
export function openToken(ring: KeyRing, context: EnvelopeContext, ciphertext: string): string {
  const keyId = envelopeKeyId(ciphertext);
  const [, , wrapped, sealed] = ciphertext.split('.');
  const ringKey = findKey(ring, keyId);
  if (ringKey === undefined)
    throw new TokenEnvelopeError(`key "${keyId}" is no longer in TOKEN_ENCRYPTION_KEYS`);
  const kek = deriveSubkey(ringKey, 'plaid-token-envelope-v1');
  const dataKey = open(kek, Buffer.from(wrapped ?? '', 'base64url'), aad(context, 'key'));
  try {
    return open(dataKey, Buffer.from(sealed ?? '', 'base64url'), aad(context, 'token')).toString(
      'utf8',
    );
  } finally {
    dataKey.fill(0);
  }
}
