import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey } from 'jose';
import type { PlaidApi } from 'plaid';
import { z } from 'zod';
import { plaidErrorCode } from './plaidClient';

/*
 * Plaid webhook verification (Plaid's documented procedure, made strict):
 *  1. the Plaid-Verification header is a JWS whose header says alg ES256 (nothing else:
 *     not "none", not HS256 with the public key as an HMAC secret) and names a kid;
 *  2. the key for that kid comes from Plaid's /webhook_verification_key/get, cached by
 *     kid; a key Plaid marks expired is refused;
 *  3. the signature verifies, iat is at most five minutes old (and not in the future);
 *  4. the claim request_body_sha256 equals the SHA-256 of the raw body as received.
 * Anything else is a rejection with a fixed reason code (for the audit log and metrics).
 */

export type WebhookRejection =
  | 'missing_header'
  | 'malformed'
  | 'bad_alg'
  | 'unknown_kid'
  | 'expired_key'
  | 'bad_signature'
  | 'stale'
  | 'body_hash_mismatch';

export type Verdict = { ok: true } | { ok: false; reason: WebhookRejection };

export const MAX_WEBHOOK_AGE_SECONDS = 5 * 60;
/** Cached keys are looked up again after this long, to notice Plaid expiring them. */
const KEY_CACHE_SECONDS = 60 * 60;
/**
 * Lookups of kids we have not cached, per minute. Plaid rotates keys rarely; without a
 * bound, forged webhooks with made-up kids would make us call Plaid once each.
 */
const MAX_KEY_LOOKUPS_PER_MINUTE = 10;

const PlaidJwk = z.object({
  alg: z.string(),
  crv: z.string(),
  kid: z.string(),
  kty: z.string(),
  use: z.string().optional(),
  x: z.string(),
  y: z.string(),
  created_at: z.number().optional(),
  expired_at: z.number().nullable(),
});

const Claims = z.object({ iat: z.number(), request_body_sha256: z.string() });

interface CachedKey {
  key: CryptoKey | Uint8Array;
  expired: boolean;
  fetchedAt: number;
}

export interface KeySource {
  /** The JWK for `kid`, or undefined when Plaid does not know it. Throws when unreachable. */
  fetch(kid: string): Promise<unknown>;
}

export function plaidKeySource(plaid: PlaidApi): KeySource {
  return {
    async fetch(kid) {
      try {
        const response = await plaid.webhookVerificationKeyGet({ key_id: kid });
        return response.data.key;
      } catch (error) {
        // Plaid answered "no such key": a rejection. Anything else (network) propagates, so
        // the webhook gets a 5xx and Plaid retries it later.
        if (plaidErrorCode(error) !== undefined) return undefined;
        throw error;
      }
    },
  };
}

export class PlaidWebhookVerifier {
  private readonly cache = new Map<string, CachedKey>();
  private lookupWindow = { minute: 0, count: 0 };

  constructor(
    private readonly source: KeySource,
    private readonly clock: () => Date,
  ) {}

  private async keyFor(kid: string): Promise<CachedKey | undefined> {
    const now = Math.floor(this.clock().getTime() / 1000);
    const cached = this.cache.get(kid);
    if (cached !== undefined && now - cached.fetchedAt < KEY_CACHE_SECONDS) return cached;
    const minute = Math.floor(now / 60);
    if (this.lookupWindow.minute !== minute) this.lookupWindow = { minute, count: 0 };
    // Over the bound, an uncached kid is refused (a refreshing cached key is still served).
    if (this.lookupWindow.count >= MAX_KEY_LOOKUPS_PER_MINUTE) return cached;
    this.lookupWindow.count += 1;
    const parsed = PlaidJwk.safeParse(await this.source.fetch(kid));
    if (!parsed.success || parsed.data.kid !== kid) return undefined;
    if (parsed.data.alg !== 'ES256' || parsed.data.kty !== 'EC' || parsed.data.crv !== 'P-256')
      return undefined;
    const { x, y, crv, kty } = parsed.data;
    const entry: CachedKey = {
      key: await importJWK({ kty, crv, x, y }, 'ES256'),
      expired: parsed.data.expired_at !== null,
      fetchedAt: now,
    };
    this.cache.set(kid, entry);
    // The cache holds public keys only; bound it anyway against a flood of made-up kids
    // (unknown kids are never cached, so only keys Plaid vouched for take room).
    if (this.cache.size > 100) this.cache.delete(this.cache.keys().next().value ?? '');
    return entry;
  }

  async verify(header: string | undefined, rawBody: Buffer): Promise<Verdict> {
    if (header === undefined || header === '') return { ok: false, reason: 'missing_header' };
    let protectedHeader;
    try {
      protectedHeader = decodeProtectedHeader(header);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (protectedHeader.alg !== 'ES256') return { ok: false, reason: 'bad_alg' };
    const kid = protectedHeader.kid;
    if (typeof kid !== 'string' || kid === '' || kid.length > 200)
      return { ok: false, reason: 'malformed' };
    const key = await this.keyFor(kid);
    if (key === undefined) return { ok: false, reason: 'unknown_kid' };
    if (key.expired) return { ok: false, reason: 'expired_key' };

    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(header, key.key, { algorithms: ['ES256'] }));
    } catch {
      return { ok: false, reason: 'bad_signature' };
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'malformed' };
    const now = this.clock().getTime() / 1000;
    const age = now - claims.data.iat;
    // A little slack for clocks running ahead, none for age beyond five minutes.
    if (age > MAX_WEBHOOK_AGE_SECONDS || age < -30) return { ok: false, reason: 'stale' };

    const actual = Buffer.from(createHash('sha256').update(rawBody).digest('hex'));
    const claimed = Buffer.from(claims.data.request_body_sha256.toLowerCase());
    if (actual.length !== claimed.length || !timingSafeEqual(actual, claimed))
      return { ok: false, reason: 'body_hash_mismatch' };
    return { ok: true };
  }
}
