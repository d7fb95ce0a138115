import type { FastifyPluginCallback } from 'fastify';
import QRCode from 'qrcode';
import {
  CodeBodySchema,
  CodeOrRecoverySchema,
  MfaDisabledSchema,
  MfaStatusSchema,
  RecoveryCodesSchema,
  TotpEnrolmentSchema,
} from '../../api/account';
import {
  confirmTotpEnrolment,
  disableTotp,
  mfaStatus,
  replaceRecoveryCodes,
  startTotpEnrolment,
} from '../../auth/totp';
import { revokeAllTrustedDevices } from '../../auth/trustedDevices';
import { currentUser } from '../../auth/users';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';
import { checkSecondFactor } from '../auth/mfa';

/*
 * The account's second factor (all authenticated):
 *  GET  /v1/account/mfa                         status
 *  POST /v1/account/mfa/totp                    start enrolment: seed, otpauth URI, QR code
 *  POST /v1/account/mfa/totp/confirm            first code confirms; returns recovery codes
 *  POST /v1/account/mfa/totp/disable            a current code (or recovery code) turns it off
 *  POST /v1/account/mfa/recovery-codes          a current code buys a fresh set of ten
 * Every code counts against the per-account 'mfa-code' rate limit.
 */

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  409: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
};

const wrongCode = () => new ApiError(400, 'invalid_code', 'The code is wrong or was already used.');

export const accountMfaRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/mfa',
    { schema: { response: { 200: MfaStatusSchema, ...errors } }, preHandler: app.authenticate },
    async (request) => {
      const { userId } = requireAuth(request);
      return app.db.transaction((tx) => mfaStatus(tx, userId), { userId });
    },
  );

  app.post(
    '/mfa/totp',
    { schema: { response: { 200: TotpEnrolmentSchema, ...errors } }, preHandler: app.authenticate },
    async (request) => {
      const { userId } = requireAuth(request);
      const now = app.clock();
      const started = await app.db.transaction(
        async (tx) => {
          const user = await currentUser(tx);
          if (user === undefined) return undefined;
          const r = await startTotpEnrolment(tx, app.config.keyRing, user, now);
          if (r.ok) await app.audit(tx, { event: 'mfa.enrolment_started', userId, ip: request.ip });
          return r;
        },
        { userId },
      );
      if (started === undefined) throw new ApiError(401, 'session_ended', 'Sign in again.');
      if (!started.ok)
        throw new ApiError(409, 'mfa_already_enabled', 'Two-step sign-in is already on.');
      const qrSvg = await QRCode.toString(started.otpauthUri, { type: 'svg', margin: 1 });
      return {
        secret: started.secret,
        otpauthUri: started.otpauthUri,
        qrSvg,
        qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qrSvg, 'utf8').toString('base64')}`,
      };
    },
  );

  app.post(
    '/mfa/totp/confirm',
    {
      schema: { body: CodeBodySchema, response: { 200: RecoveryCodesSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      await app.rateLimit.hit('mfa-code', userId);
      const now = app.clock();
      const r = await app.db.transaction(
        async (tx) => {
          const done = await confirmTotpEnrolment(
            tx,
            app.config.keyRing,
            userId,
            request.body.code,
            now,
          );
          if (done.ok) await app.audit(tx, { event: 'mfa.enabled', userId, ip: request.ip });
          return done;
        },
        { userId },
      );
      if (r.ok) return { recoveryCodes: r.recoveryCodes };
      app.metrics.mfaFailures.inc({ reason: `confirm_${r.reason}` });
      if (r.reason === 'not_enrolled')
        throw new ApiError(409, 'mfa_not_pending', 'Start enrolment first.');
      throw wrongCode();
    },
  );

  app.post(
    '/mfa/totp/disable',
    {
      schema: { body: CodeOrRecoverySchema, response: { 200: MfaDisabledSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      await app.rateLimit.hit('mfa-code', userId);
      const now = app.clock();
      const r = await app.db.transaction(
        async (tx) => {
          const status = await mfaStatus(tx, userId);
          if (!status.enabled) return { ok: false as const, reason: 'not_enabled' };
          const factor = await checkSecondFactor(app, tx, userId, request.body);
          if (!factor.ok) return factor;
          await disableTotp(tx, userId);
          // Devices were trusted to skip a factor that no longer exists; a later
          // re-enrolment must not inherit them.
          const revoked = await revokeAllTrustedDevices(tx, now);
          await app.audit(tx, {
            event: 'mfa.disabled',
            userId,
            ip: request.ip,
            details: { via: factor.via, trustedDevicesRevoked: revoked },
          });
          return { ok: true as const, revoked };
        },
        { userId },
      );
      if (r.ok) return { status: 'disabled' as const, trustedDevicesRevoked: r.revoked };
      if (r.reason === 'not_enabled')
        throw new ApiError(409, 'mfa_not_enabled', 'Two-step sign-in is not on.');
      app.metrics.mfaFailures.inc({ reason: `disable_${r.reason}` });
      throw wrongCode();
    },
  );

  app.post(
    '/mfa/recovery-codes',
    {
      schema: { body: CodeBodySchema, response: { 200: RecoveryCodesSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      await app.rateLimit.hit('mfa-code', userId);
      const now = app.clock();
      const codes = await app.db.transaction(
        async (tx) => {
          const factor = await checkSecondFactor(app, tx, userId, { code: request.body.code });
          if (!factor.ok) return undefined;
          return replaceRecoveryCodes(tx, userId, now);
        },
        { userId },
      );
      if (codes === undefined) {
        app.metrics.mfaFailures.inc({ reason: 'regenerate_invalid' });
        throw wrongCode();
      }
      return { recoveryCodes: codes };
    },
  );
  done();
};
