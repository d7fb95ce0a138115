import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Bearer secrets (refresh tokens, magic-link tokens) are 256 random bits, base64url, with
 * a short prefix naming what they are: log scrubbing and secret scanners can recognise
 * them, and a refresh token pasted where a magic link belongs fails at once. The server
 * keeps only SHA-256 hashes; a database leak therefore yields nothing usable.
 */

export type SecretKind = 'refresh' | 'magic' | 'mfa' | 'device' | 'oidc';
const PREFIX: Readonly<Record<SecretKind, string>> = {
  refresh: 'crt_',
  magic: 'cml_',
  // A pending second-factor challenge, a trusted device's token, an OIDC flow's state.
  mfa: 'cmf_',
  device: 'ctd_',
  oidc: 'cos_',
};
const SECRET_BYTES = 32;
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(kind: SecretKind): string {
  return PREFIX[kind] + randomBytes(SECRET_BYTES).toString('base64url');
}

/** True when `value` has the shape of a secret of this kind (cheap pre-check). */
export function looksLikeSecret(kind: SecretKind, value: string): boolean {
  return value.startsWith(PREFIX[kind]) && SHAPE.test(value.slice(PREFIX[kind].length));
}

export function sha256Base64url(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/** The stored form of a bearer secret. */
export const hashSecret = sha256Base64url;

/** Constant-time comparison of two strings (equal length or not). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * PKCE-style binding (RFC 7636, S256 only): the device keeps a random verifier and sends
 * only its SHA-256 as the challenge when asking for a link; completing sign-in needs the
 * verifier, so a link opened on any other device (or read by a mail scanner) is useless.
 */
export function challengeMatches(challenge: string, verifier: string): boolean {
  return safeEqual(challenge, sha256Base64url(verifier));
}
