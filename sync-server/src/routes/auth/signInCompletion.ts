import type { FastifyInstance } from 'fastify';
import { createMfaChallenge, type FirstFactor } from '../../auth/mfaChallenges';
import { createSession } from '../../auth/sessions';
import { mfaRequired } from '../../auth/totp';
import { useTrustedDevice } from '../../auth/trustedDevices';
import type { Tx } from '../../db/database';

/*
 * What happens once a first factor (magic link, OIDC) has proven who the caller is: a
 * session straight away, or, when the account has MFA on and the device is not trusted,
 * an MFA challenge to trade for the session at POST /v1/auth/mfa/verify. Runs in the
 * caller's transaction, scoped to the user.
 */

export type FirstFactorOutcome =
  | { kind: 'session'; userId: string; sessionId: string; refreshToken: string }
  | { kind: 'mfa_required'; userId: string; mfaToken: string };

export interface FirstFactorPassed {
  userId: string;
  method: FirstFactor;
  deviceName: string;
  trustedDeviceToken: string | undefined;
  ip: string;
}

export async function afterFirstFactor(
  app: FastifyInstance,
  tx: Tx,
  passed: FirstFactorPassed,
): Promise<FirstFactorOutcome> {
  const now = app.clock();
  const timings = app.config.auth;
  const { userId, method, ip } = passed;
  if (await mfaRequired(tx, userId)) {
    const trusted =
      passed.trustedDeviceToken === undefined
        ? undefined
        : await useTrustedDevice(tx, userId, passed.trustedDeviceToken, now);
    if (trusted === undefined) {
      const mfaToken = await createMfaChallenge(
        tx,
        userId,
        method,
        passed.deviceName,
        now,
        timings,
      );
      return { kind: 'mfa_required', userId, mfaToken };
    }
    await app.audit(tx, {
      event: 'mfa.skipped_trusted_device',
      userId,
      ip,
      details: { trustedDeviceId: trusted },
    });
  }
  const session = await createSession(tx, userId, passed.deviceName, now, timings);
  await app.audit(tx, {
    event: 'sign_in.succeeded',
    userId,
    ip,
    details: { method, sessionId: session.sessionId },
  });
  return { kind: 'session', userId, ...session };
}

/** The HTTP answer for an outcome (and its metric). */
export function signInAnswer(app: FastifyInstance, outcome: FirstFactorOutcome) {
  if (outcome.kind === 'mfa_required') {
    app.metrics.signIns.inc({ result: 'mfa_required' });
    return {
      status: 'mfa_required' as const,
      mfaToken: outcome.mfaToken,
      expiresIn: app.config.auth.mfaChallengeTtlSeconds,
      methods: ['totp' as const, 'recovery_code' as const],
    };
  }
  app.metrics.signIns.inc({ result: 'success' });
  return tokenPair(app, outcome);
}

export function tokenPair(
  app: FastifyInstance,
  s: { userId: string; sessionId: string; refreshToken: string },
) {
  const access = app.issueAccessToken({ userId: s.userId, sessionId: s.sessionId });
  return {
    tokenType: 'Bearer' as const,
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken: s.refreshToken,
    userId: s.userId,
    sessionId: s.sessionId,
  };
}
