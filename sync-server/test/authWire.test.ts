import { describe, expect, it } from 'vitest';
import * as shared from '../../src-shared/contract/cloud/authWire';
import * as account from '../src/api/account';
import * as auth from '../src/api/auth';

/*
 * The sign-in wire schemas have one definition, in src-shared, which the desktop client
 * parses with. The server's api modules must hand out those very objects, not copies
 * that could drift apart.
 */

describe('auth wire schemas', () => {
  it('the server validates and serializes sign-in with the shared definitions', () => {
    const served = { ...auth, ...account } as Record<string, unknown>;
    const sharedNames = Object.keys(shared).filter((name) => name in served);
    expect(sharedNames).toEqual(
      expect.arrayContaining([
        'MagicLinkRequestSchema',
        'MagicLinkVerifySchema',
        'TokenPairSchema',
        'SignInResultSchema',
        'MfaVerifySchema',
        'MfaSignedInSchema',
        'OidcStartSchema',
        'OidcCompleteSchema',
        'TrustedDeviceListSchema',
        'MeSchema',
      ]),
    );
    for (const name of sharedNames)
      expect(served[name], name).toBe((shared as Record<string, unknown>)[name]);
  });

  it('a sample of each answer the client reads passes the server side too', () => {
    const pair = {
      tokenType: 'Bearer',
      accessToken: 'eyJ.x.y',
      expiresIn: 600,
      refreshToken: 'crt_abc',
      userId: '0190b6e4-0000-7000-8000-000000000001',
      sessionId: '0190b6e4-0000-7000-8000-000000000002',
    };
    const challenge = {
      status: 'mfa_required',
      mfaToken: 'cmf_abc',
      expiresIn: 300,
      methods: ['totp', 'recovery_code'],
    };
    expect(account.SignInResultSchema.parse(pair)).toEqual(pair);
    expect(account.SignInResultSchema.parse(challenge)).toEqual(challenge);
    expect(
      account.MfaVerifySchema.safeParse({
        mfaToken: 'cmf_abc',
        code: '123456',
        recoveryCode: 'abcde-fghij',
      }).success,
    ).toBe(false);
  });
});
