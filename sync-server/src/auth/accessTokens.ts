import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { deriveSubkey, findKey, newestKey, type KeyRing } from '../config/keyRing';
import { safeEqual } from './secrets';

/*
 * Access tokens are compact JWTs (RFC 7519) signed with HMAC-SHA256 by a subkey of the
 * environment's key ring; the header's `kid` names the ring key, so a rotated ring keeps
 * verifying tokens signed before the rotation. They live minutes, and the server also
 * checks their session on use (auth plugin), so signing out takes effect at once.
 * Verification is strict: exactly HS256, our issuer and audience, a known key, unexpired.
 */

export interface AccessClaims {
  userId: string;
  sessionId: string;
  issuedAt: number;
  expiresAt: number;
}

const AUDIENCE = 'casike-api';
const CLOCK_SKEW_SECONDS = 30;

const HeaderSchema = z.object({ alg: z.literal('HS256'), typ: z.literal('JWT'), kid: z.string() });
const PayloadSchema = z.object({
  iss: z.string(),
  aud: z.literal(AUDIENCE),
  sub: z.uuid(),
  sid: z.uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
});

const b64json = (value: unknown) =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function sign(ring: KeyRing, kid: string, input: string): string | undefined {
  const key = findKey(ring, kid);
  if (key === undefined) return undefined;
  return createHmac('sha256', deriveSubkey(key, 'access-token-v1'))
    .update(input)
    .digest('base64url');
}

export function issueAccessToken(
  ring: KeyRing,
  issuer: string,
  claims: { userId: string; sessionId: string },
  nowSeconds: number,
  ttlSeconds: number,
): { token: string; expiresAt: number } {
  const kid = newestKey(ring).id;
  const expiresAt = nowSeconds + ttlSeconds;
  const input = `${b64json({ alg: 'HS256', typ: 'JWT', kid })}.${b64json({
    iss: issuer,
    aud: AUDIENCE,
    sub: claims.userId,
    sid: claims.sessionId,
    iat: nowSeconds,
    exp: expiresAt,
  })}`;
  return { token: `${input}.${sign(ring, kid, input) ?? ''}`, expiresAt };
}

export type VerifyFailure = 'malformed' | 'bad_signature' | 'expired';

function decodePart<T>(part: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function verifyAccessToken(
  ring: KeyRing,
  issuer: string,
  token: string,
  nowSeconds: number,
): { ok: true; claims: AccessClaims } | { ok: false; reason: VerifyFailure } {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 2048) return { ok: false, reason: 'malformed' };
  const [h = '', p = '', s = ''] = parts;
  const header = decodePart(h, HeaderSchema);
  if (header === undefined) return { ok: false, reason: 'malformed' };
  const expected = sign(ring, header.kid, `${h}.${p}`);
  if (expected === undefined || !safeEqual(expected, s))
    return { ok: false, reason: 'bad_signature' };
  const payload = decodePart(p, PayloadSchema);
  if (payload === undefined || payload.iss !== issuer) return { ok: false, reason: 'malformed' };
  if (payload.exp <= nowSeconds || payload.iat > nowSeconds + CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'expired' };
  }
  return {
    ok: true,
    claims: {
      userId: payload.sub,
      sessionId: payload.sid,
      issuedAt: payload.iat,
      expiresAt: payload.exp,
    },
  };
}
