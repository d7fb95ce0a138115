import { hkdfSync } from 'node:crypto';
import { z } from 'zod';

/*
 * TOKEN_ENCRYPTION_KEYS is the server's key ring: `id:base64url-32-bytes`, comma-separated,
 * newest first. The newest key signs and encrypts; every key in the ring still verifies and
 * decrypts, so rotating is "prepend a new key, later drop the old one". Each use gets its
 * own subkey through HKDF with a purpose label, so a token-signing key can never be
 * replayed as an audit-chain key or a Plaid envelope key.
 */

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;

export interface RingKey {
  readonly id: string;
  readonly secret: Buffer;
}

export interface KeyRing {
  /** Newest first; never empty. */
  readonly keys: readonly RingKey[];
}

/** What a subkey is for. Add a label here, never reuse one for a second purpose. */
export type KeyPurpose =
  | 'access-token-v1'
  | 'audit-chain-v1'
  | 'rate-limit-bucket-v1'
  | 'plaid-token-envelope-v1'
  // Encryption at rest of TOTP secrets (auth/sealedSecrets.ts).
  | 'mfa-totp-secret-v1';

const entrySchema = z.string().transform((entry, ctx): RingKey => {
  const colon = entry.indexOf(':');
  const id = colon < 0 ? '' : entry.slice(0, colon).trim();
  const material = colon < 0 ? '' : entry.slice(colon + 1).trim();
  if (!KEY_ID.test(id)) {
    ctx.addIssue({ code: 'custom', message: 'each key must look like "id:base64url"' });
    return z.NEVER;
  }
  const secret = Buffer.from(material, 'base64url');
  if (secret.length !== KEY_BYTES || secret.toString('base64url') !== material.replace(/=+$/, '')) {
    ctx.addIssue({
      code: 'custom',
      message: `key "${id}" must be ${KEY_BYTES} bytes of base64url`,
    });
    return z.NEVER;
  }
  return { id, secret };
});

/** Parses the environment's text form. Errors never echo key material. */
export const KeyRingSchema = z
  .string()
  .transform((text) => text.split(',').filter((part) => part.trim() !== ''))
  .pipe(z.array(entrySchema).min(1, 'needs at least one key'))
  .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, 'key ids must be unique')
  .transform((keys): KeyRing => ({ keys }));

/** A subkey of one ring key for one purpose. */
export function deriveSubkey(key: RingKey, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', key.secret, 'casike-sync-server', purpose, 32));
}

/** The key that signs and encrypts now. */
export function newestKey(ring: KeyRing): RingKey {
  const key = ring.keys[0];
  if (key === undefined) throw new Error('empty key ring');
  return key;
}

export function findKey(ring: KeyRing, id: string): RingKey | undefined {
  return ring.keys.find((k) => k.id === id);
}

/** A fresh ring entry in the environment's text form (for development and tests). */
export function generateKeyRingEntry(id: string, random: (n: number) => Buffer): string {
  return `${id}:${random(KEY_BYTES).toString('base64url')}`;
}
