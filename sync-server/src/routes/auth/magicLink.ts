import type { FastifyPluginCallback } from 'fastify';
import {
  MagicLinkRequestSchema,
  MagicLinkRequestedSchema,
  MagicLinkVerifySchema,
} from '../../api/auth';
import { SignInResultSchema } from '../../api/account';
import { consumeMagicLink, createMagicLink } from '../../auth/magicLinks';
import { looksLikeSecret } from '../../auth/secrets';
import { findOrCreateUser } from '../../auth/users';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { afterFirstFactor, signInAnswer } from './signInCompletion';
import { signInMail } from './signInMail';

/*
 * Passwordless sign-in (and sign-up: the first completed link creates the account).
 *  POST /v1/auth/magic-link         ask for a link; always the same 202, known address or not
 *  POST /v1/auth/magic-link/verify  complete it with the token and the device's verifier:
 *                                   a token pair, or an MFA challenge (signInCompletion.ts)
 */

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
};

export const magicLinkRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/magic-link',
    {
      schema: {
        body: MagicLinkRequestSchema,
        response: { 202: MagicLinkRequestedSchema, 503: ErrorBodySchema, ...errors },
      },
      onRequest: app.rateLimit.perIp('auth-ip'),
    },
    async (request, reply) => {
      const { email, codeChallenge, deviceName } = request.body;
      await app.rateLimit.hit('magic-link-email', email);
      const now = app.clock();
      const ttl = app.config.auth.magicLinkTtlSeconds;
      // The same work whatever the address: no lookup here, so neither the answer nor its
      // timing says whether an account exists.
      const token = await app.db.transaction(async (tx) => {
        const t = await createMagicLink(tx, {
          email,
          challenge: codeChallenge,
          deviceName,
          now,
          ttlSeconds: ttl,
        });
        await app.audit(tx, { event: 'sign_in.link_requested', ip: request.ip });
        return t;
      });
      try {
        await app.mailer.send(signInMail(email, token, app.config.publicUrl, ttl));
      } catch (err) {
        request.log.error({ err }, 'sign-in mail could not be sent');
        throw new ApiError(
          503,
          'mail_unavailable',
          'The sign-in email could not be sent. Try again later.',
        );
      }
      return reply.code(202).send({ status: 'sent', expiresInSeconds: ttl });
    },
  );

  app.post(
    '/magic-link/verify',
    {
      schema: { body: MagicLinkVerifySchema, response: { 200: SignInResultSchema, ...errors } },
      onRequest: [app.rateLimit.perIp('auth-ip'), app.rateLimit.perIp('magic-link-verify-ip')],
    },
    async (request) => {
      const { token, codeVerifier } = request.body;
      const now = app.clock();
      const timings = app.config.auth;
      const outcome = await app.db.transaction(async (tx) => {
        const used = looksLikeSecret('magic', token)
          ? await consumeMagicLink(tx, token, codeVerifier, now, timings.magicLinkMaxFailures)
          : ({ ok: false, reason: 'unknown' } as const);
        if (!used.ok) {
          await app.audit(tx, {
            event: 'sign_in.failed',
            ip: request.ip,
            details: { method: 'magic_link', reason: used.reason },
          });
          return used;
        }
        const { user, created } = await findOrCreateUser(tx, used.email, now);
        if (created)
          await app.audit(tx, { event: 'account.created', userId: user.id, ip: request.ip });
        // A session, or an MFA challenge when the account has a second factor.
        const next = await afterFirstFactor(app, tx, {
          userId: user.id,
          method: 'magic_link',
          deviceName: used.deviceName,
          trustedDeviceToken: request.body.trustedDeviceToken,
          ip: request.ip,
        });
        return { ok: true as const, next };
      });
      if (!outcome.ok) {
        app.metrics.signIns.inc({ result: 'failure' });
        // One answer for every failure: which check failed is in the audit log, not here.
        throw new ApiError(
          401,
          'invalid_link',
          'This sign-in link is invalid, used, expired, or was requested on another device.',
        );
      }
      return signInAnswer(app, outcome.next);
    },
  );
  done();
};
