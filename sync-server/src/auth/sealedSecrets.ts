import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveSubkey, findKey, newestKey, type KeyPurpose, type KeyRing } from '../config/keyRing';

/*
 * Secrets the server must read back (TOTP seeds; later Plaid access tokens) are stored
 * sealed with AES-256-GCM under a purpose-bound subkey of the environment's key ring. The
 * sealed text names the ring key (`v1.<keyId>.<nonce>.<ciphertext+tag>`), so a rotated
 * ring still opens older rows and `npm run admin -- rotate-token-keys` can find the rows
 * still sealed under an old key. The AAD binds a sealed value to its row (e.g. the user
 * id), so a ciphertext copied onto another account's row fails to open.
 */

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function sealSecret(
  ring: KeyRing,
  purpose: KeyPurpose,
  plaintext: string,
  aad: string,
): string {
  const key = newestKey(ring);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveSubkey(key, purpose), nonce);
  cipher.setAAD(Buffer.from(`${purpose}\0${aad}`, 'utf8'));
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return [VERSION, key.id, nonce.toString('base64url'), body.toString('base64url')].join('.');
}

/** The ring key id a sealed value was made with (undefined when it is not one of ours). */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split('.');
  return parts.length === 4 && parts[0] === VERSION ? parts[1] : undefined;
}

export class UnsealError extends Error {
  constructor(reason: string) {
    super(`sealed secret cannot be opened: ${reason}`);
    this.name = 'UnsealError';
  }
}

/** Opens a sealed value; throws UnsealError when the key is gone or the value was altered. */
export function openSecret(
  ring: KeyRing,
  purpose: KeyPurpose,
  sealed: string,
  aad: string,
): string {
  const [version, keyId, nonceText, bodyText] = sealed.split('.');
  if (
    version !== VERSION ||
    keyId === undefined ||
    nonceText === undefined ||
    bodyText === undefined
  )
    throw new UnsealError('unknown format');
  const key = findKey(ring, keyId);
  if (key === undefined) throw new UnsealError(`key ${keyId} is not in the key ring`);
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new UnsealError('truncated');
  const decipher = createDecipheriv('aes-256-gcm', deriveSubkey(key, purpose), nonce);
  decipher.setAAD(Buffer.from(`${purpose}\0${aad}`, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new UnsealError('authentication failed');
  }
}
