import type { FastifyPluginCallback } from 'fastify';
import { MfaSignedInSchema, MfaVerifySchema } from '../../api/account';
import {
  failMfaChallenge,
  finishMfaChallenge,
  openMfaChallenge,
  type OpenChallenge,
} from '../../auth/mfaChallenges';
import { looksLikeSecret } from '../../auth/secrets';
import { createSession } from '../../auth/sessions';
import { useRecoveryCode, useTotpCode } from '../../auth/totp';
import { trustDevice } from '../../auth/trustedDevices';
import type { Tx } from '../../db/database';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { tokenPair } from './signInCompletion';

/*
 *  POST /v1/auth/mfa/verify   trade an MFA challenge and a TOTP (or recovery) code for a
 *                             session; optionally trust this device for 30 days
 */

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
};

type SecondFactor = { code?: string | undefined; recoveryCode?: string | undefined };

/** Checks a TOTP or recovery code of the transaction's user and uses it up. */
export async function checkSecondFactor(
  app: Parameters<FastifyPluginCallback>[0],
  tx: Tx,
  userId: string,
  factor: SecondFactor,
): Promise<{ ok: true; via: 'totp' | 'recovery_code' } | { ok: false; reason: string }> {
  const now = app.clock();
  if (factor.code !== undefined) {
    const check = await useTotpCode(tx, app.config.keyRing, userId, factor.code, now, {
      requireConfirmed: true,
    });
    return check === 'ok' ? { ok: true, via: 'totp' } : { ok: false, reason: `totp_${check}` };
  }
  if (
    factor.recoveryCode !== undefined &&
    (await useRecoveryCode(tx, userId, factor.recoveryCode, now))
  )
    return { ok: true, via: 'recovery_code' };
  return { ok: false, reason: 'recovery_code_invalid' };
}

export const mfaSignInRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/mfa/verify',
    {
      schema: { body: MfaVerifySchema, response: { 200: MfaSignedInSchema, ...errors } },
      onRequest: app.rateLimit.perIp('auth-ip'),
    },
    async (request) => {
      const { mfaToken, trustDevice: wantsTrust } = request.body;
      const now = app.clock();
      const ip = request.ip;
      const refused = (reason: string) => ({ ok: false as const, reason });
      const outcome = await app.db.transaction(async (tx) => {
        const challenge: OpenChallenge | undefined = looksLikeSecret('mfa', mfaToken)
          ? await openMfaChallenge(tx, mfaToken, now)
          : undefined;
        if (challenge === undefined) {
          await app.audit(tx, {
            event: 'mfa.challenge_failed',
            ip,
            details: { reason: 'challenge_unknown_or_expired' },
          });
          return refused('challenge_unknown_or_expired');
        }
        const { userId } = challenge;
        const limited = await app.rateLimit.count(tx, 'mfa-code', userId);
        if (limited !== undefined) return { ok: false as const, reason: 'rate_limited', limited };
        const factor = await checkSecondFactor(app, tx, userId, request.body);
        if (!factor.ok) {
          const burnt = await failMfaChallenge(tx, challenge, now, app.config.auth.mfaMaxFailures);
          await app.audit(tx, {
            event: 'mfa.challenge_failed',
            userId,
            ip,
            details: { reason: factor.reason, burnt },
          });
          return refused(factor.reason);
        }
        if (!(await finishMfaChallenge(tx, challenge, now))) return refused('challenge_used');
        if (factor.via === 'recovery_code')
          await app.audit(tx, { event: 'mfa.recovery_code_used', userId, ip });
        const session = await createSession(tx, userId, challenge.deviceName, now, app.config.auth);
        await app.audit(tx, {
          event: 'mfa.challenge_passed',
          userId,
          ip,
          details: { via: factor.via },
        });
        await app.audit(tx, {
          event: 'sign_in.succeeded',
          userId,
          ip,
          details: { method: challenge.method, mfa: factor.via, sessionId: session.sessionId },
        });
        let trusted: { id: string; token: string; expiresAt: Date } | undefined;
        if (wantsTrust === true) {
          trusted = await trustDevice(
            tx,
            userId,
            challenge.deviceName,
            now,
            app.config.auth.trustedDeviceSeconds,
          );
          await app.audit(tx, {
            event: 'device.trusted',
            userId,
            ip,
            details: { trustedDeviceId: trusted.id },
          });
        }
        return { ok: true as const, userId, ...session, trusted };
      });
      if (!outcome.ok) {
        if ('limited' in outcome && outcome.limited !== undefined) throw outcome.limited;
        app.metrics.mfaFailures.inc({ reason: outcome.reason });
        app.metrics.signIns.inc({ result: 'failure' });
        throw new ApiError(
          401,
          'invalid_mfa',
          'The code is wrong or was already used, or the sign-in took too long. Try again.',
        );
      }
      app.metrics.signIns.inc({ result: 'success' });
      return {
        ...tokenPair(app, outcome),
        ...(outcome.trusted === undefined
          ? {}
          : {
              trustedDeviceToken: outcome.trusted.token,
              trustedDeviceExpiresAt: outcome.trusted.expiresAt.toISOString(),
            }),
      };
    },
  );
  done();
};
