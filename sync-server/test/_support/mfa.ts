import { generateSync } from 'otplib';
import { expect } from 'vitest';
import {
  bearer,
  pkcePair,
  requestLink,
  signIn,
  uniqueEmail,
  type TestApp,
  type Tokens,
} from './app';

/* Test-only: enrol an account in TOTP and pass sign-in's first factor. */

export interface Enrolled {
  tokens: Tokens;
  email: string;
  secret: string;
  recoveryCodes: string[];
}

export function totpCode(t: TestApp, secret: string): string {
  return generateSync({ secret, epoch: Math.floor(t.clock.now.getTime() / 1000) });
}

export async function enrolTotp(t: TestApp, email = uniqueEmail('mfa')): Promise<Enrolled> {
  const tokens = await signIn(t, email);
  const started = await t.app.inject({
    method: 'POST',
    url: '/v1/account/mfa/totp',
    headers: bearer(tokens.accessToken),
  });
  expect(started.statusCode).toBe(200);
  const { secret } = started.json<{ secret: string }>();
  const confirmed = await t.app.inject({
    method: 'POST',
    url: '/v1/account/mfa/totp/confirm',
    headers: bearer(tokens.accessToken),
    payload: { code: totpCode(t, secret) },
  });
  expect(confirmed.statusCode).toBe(200);
  // The confirming code's step is used up: later codes come from the next step.
  t.clock.advance(30);
  return { tokens, email, secret, ...confirmed.json<{ recoveryCodes: string[] }>() };
}

/** Magic-link first factor (optionally presenting a trusted-device token). */
export async function magicLinkFirstFactor(t: TestApp, email: string, trustedDeviceToken?: string) {
  const { verifier, challenge } = pkcePair();
  expect((await requestLink(t, email, challenge)).statusCode).toBe(202);
  return t.app.inject({
    method: 'POST',
    url: '/v1/auth/magic-link/verify',
    payload: {
      token: t.outbox.tokenFor(email),
      codeVerifier: verifier,
      ...(trustedDeviceToken === undefined ? {} : { trustedDeviceToken }),
    },
  });
}
