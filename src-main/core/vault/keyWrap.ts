import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A key sealed with AES-256-GCM. All fields are base64 in vault.json. */
export interface SealedKey {
  nonce: string;
  ciphertext: string;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a wrapped key does not authenticate: wrong unlock secret or a tampered file. */
export class UnwrapError extends Error {
  constructor() {
    super('the key could not be unwrapped');
    this.name = 'UnwrapError';
  }
}

/**
 * Encrypts `key` under `kek` with a fresh random nonce. The AAD binds the sealed key
 * to its vault, unlock method and slot, so a wrap cannot be moved to another place.
 */
export function sealKey(kek: Buffer, key: Buffer, aad: string): SealedKey {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()]);
  return { nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
}

/** Reverses sealKey; throws UnwrapError when the KEK or the AAD does not match. */
export function openSealedKey(kek: Buffer, sealed: SealedKey, aad: string): Buffer {
  const nonce = Buffer.from(sealed.nonce, 'base64');
  const body = Buffer.from(sealed.ciphertext, 'base64');
  if (nonce.length !== NONCE_BYTES || body.length <= TAG_BYTES) throw new UnwrapError();
  const decipher = createDecipheriv('aes-256-gcm', kek, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new UnwrapError();
  }
}
