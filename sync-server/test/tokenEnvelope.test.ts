import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyRingSchema } from '../src/config/keyRing';
import { scrubString } from '../src/logging/redact';
import {
  envelopeKeyId,
  openToken,
  sealToken,
  TokenEnvelopeError,
} from '../src/plaid/tokenEnvelope';

/* Envelope encryption of Plaid access tokens, and their redaction from log text. */

const entry = (id: string) => `${id}:${randomBytes(32).toString('base64url')}`;
// A made-up token in Plaid's sandbox format. secret-scan: allow
const TOKEN = 'access-sandbox-8ab976e6-64bc-4b38-98f7-731e7a349970'; // secret-scan: allow
const context = {
  itemRowId: '0190a0b0-0000-7000-8000-000000000001',
  userId: '0190a0b0-0000-7000-8000-0000000000aa',
};

describe('plaid token envelope', () => {
  const old = entry('old');
  const ring = KeyRingSchema.parse(old);

  it('round-trips, names its key, and never contains the token', () => {
    const sealed = sealToken(ring, context, TOKEN);
    expect(sealed.keyId).toBe('old');
    expect(envelopeKeyId(sealed.ciphertext)).toBe('old');
    expect(sealed.ciphertext).not.toContain(TOKEN);
    expect(sealed.ciphertext).not.toContain(Buffer.from(TOKEN).toString('base64url').slice(0, 16));
    expect(openToken(ring, context, sealed.ciphertext)).toBe(TOKEN);
    // Fresh data key and nonces every time.
    expect(sealToken(ring, context, TOKEN).ciphertext).not.toBe(sealed.ciphertext);
  });

  it('does not open for another row or user, when tampered, or without its key', () => {
    const { ciphertext } = sealToken(ring, context, TOKEN);
    expect(() =>
      openToken(
        ring,
        { ...context, itemRowId: '0190a0b0-0000-7000-8000-000000000002' },
        ciphertext,
      ),
    ).toThrow(TokenEnvelopeError);
    expect(() =>
      openToken(ring, { ...context, userId: '0190a0b0-0000-7000-8000-0000000000bb' }, ciphertext),
    ).toThrow(TokenEnvelopeError);
    const parts = ciphertext.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[20] = (body[20] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => openToken(ring, context, parts.join('.'))).toThrow(TokenEnvelopeError);
    expect(() => openToken(KeyRingSchema.parse(entry('new')), context, ciphertext)).toThrow(
      /no longer in TOKEN_ENCRYPTION_KEYS/,
    );
    expect(() => openToken(ring, context, 'v0.old.x.y')).toThrow(TokenEnvelopeError);
  });

  it('seals under the newest key while older ones still open', () => {
    const rotated = KeyRingSchema.parse(`${entry('new')},${old}`);
    const before = sealToken(ring, context, TOKEN);
    expect(openToken(rotated, context, before.ciphertext)).toBe(TOKEN);
    expect(sealToken(rotated, context, TOKEN).keyId).toBe('new');
  });

  it('log scrubbing removes Plaid tokens and Stripe secrets wherever they hide', () => {
    const line = `failed for ${TOKEN} with public-sandbox-2c0e5d1a-1111-2222-3333-444455556666 key sk_test_51Habcdefghijklmnop whsec_abcdefghijklmnopqrstu`;
    const scrubbed = scrubString(line);
    expect(scrubbed).not.toContain('8ab976e6');
    expect(scrubbed).not.toContain('2c0e5d1a');
    expect(scrubbed).not.toContain('sk_test_51H');
    expect(scrubbed).not.toContain('whsec_abc');
  });
});
