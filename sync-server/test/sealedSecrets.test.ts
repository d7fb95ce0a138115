import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, sealedKeyId, UnsealError } from '../src/auth/sealedSecrets';
import { ephemeralDevKeyRing } from '../src/config/devSecrets';
import { KeyRingSchema } from '../src/config/keyRing';

/* Secrets sealed with the key ring: bound to their row and purpose, tamper-evident, rotatable. */

const ring = KeyRingSchema.parse(ephemeralDevKeyRing());
const other = KeyRingSchema.parse(ephemeralDevKeyRing().replace('test1', 'other'));

describe('sealed secrets', () => {
  it('round-trips, names its key, and never contains the plaintext', () => {
    const sealed = sealSecret(ring, 'mfa-totp-secret-v1', 'JBSWY3DPEHPK3PXP', 'user-a');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealedKeyId(sealed)).toBe('test1');
    expect(openSecret(ring, 'mfa-totp-secret-v1', sealed, 'user-a')).toBe('JBSWY3DPEHPK3PXP');
    expect(sealSecret(ring, 'mfa-totp-secret-v1', 'JBSWY3DPEHPK3PXP', 'user-a')).not.toBe(sealed);
  });

  it('refuses another row, another purpose, a flipped byte, and a missing key', () => {
    const sealed = sealSecret(ring, 'mfa-totp-secret-v1', 'seed', 'user-a');
    expect(() => openSecret(ring, 'mfa-totp-secret-v1', sealed, 'user-b')).toThrow(UnsealError);
    expect(() => openSecret(ring, 'audit-chain-v1', sealed, 'user-a')).toThrow(UnsealError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const flipped = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    expect(() => openSecret(ring, 'mfa-totp-secret-v1', flipped, 'user-a')).toThrow(UnsealError);
    expect(() => openSecret(other, 'mfa-totp-secret-v1', sealed, 'user-a')).toThrow(
      /not in the key ring/,
    );
    // After rotation (new key first, old kept) old values still open.
    const rotated = { keys: [...other.keys, ...ring.keys] };
    expect(openSecret(rotated, 'mfa-totp-secret-v1', sealed, 'user-a')).toBe('seed');
    expect(sealedKeyId(sealSecret(rotated, 'mfa-totp-secret-v1', 'seed', 'user-a'))).toBe('other');
  });
});
