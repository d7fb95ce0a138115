import type { FastifyPluginCallback } from 'fastify';
import { RefreshRequestSchema, SignedOutSchema, TokenPairSchema } from '../../api/auth';
import { looksLikeSecret } from '../../auth/secrets';
import { revokeAllSessions, revokeSession, rotateRefreshToken } from '../../auth/sessions';
import { revokeAllTrustedDevices } from '../../auth/trustedDevices';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';

/*
 *  POST /v1/auth/refresh               rotate a refresh token (reuse revokes the family)
 *  POST /v1/auth/sign-out              end this session
 *  POST /v1/auth/sign-out-everywhere   end every session of the account
 */

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
};

export const tokenRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/refresh',
    {
      schema: { body: RefreshRequestSchema, response: { 200: TokenPairSchema, ...errors } },
      onRequest: app.rateLimit.perIp('auth-ip'),
    },
    async (request) => {
      const { refreshToken } = request.body;
      const now = app.clock();
      const outcome = await app.db.transaction(async (tx) => {
        if (!looksLikeSecret('refresh', refreshToken))
          return { ok: false, reason: 'unknown' } as const;
        const r = await rotateRefreshToken(tx, refreshToken, now, app.config.auth);
        if (!r.ok && r.reason === 'reused') {
          await app.audit(tx, {
            event: 'token.reuse_detected',
            userId: r.userId,
            ip: request.ip,
            details: { sessionId: r.sessionId, action: 'session_revoked' },
          });
        }
        return r;
      });
      if (!outcome.ok) {
        if (outcome.reason === 'reused') app.metrics.tokenReuse.inc();
        throw new ApiError(401, 'invalid_refresh_token', 'Sign in again.', {
          'www-authenticate': 'Bearer realm="casike"',
        });
      }
      const access = app.issueAccessToken({ userId: outcome.userId, sessionId: outcome.sessionId });
      return {
        tokenType: 'Bearer' as const,
        accessToken: access.token,
        expiresIn: access.expiresIn,
        refreshToken: outcome.refreshToken,
        userId: outcome.userId,
        sessionId: outcome.sessionId,
      };
    },
  );

  app.post(
    '/sign-out',
    {
      schema: { response: { 200: SignedOutSchema, ...errors } },
      onRequest: app.rateLimit.perIp('auth-ip'),
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId, sessionId } = requireAuth(request);
      const now = app.clock();
      await app.db.transaction(
        async (tx) => {
          await revokeSession(tx, sessionId, now, 'sign_out');
          await app.audit(tx, {
            event: 'session.signed_out',
            userId,
            ip: request.ip,
            details: { sessionId },
          });
        },
        { userId },
      );
      return { status: 'signed_out' as const, sessionsRevoked: 1 };
    },
  );

  app.post(
    '/sign-out-everywhere',
    {
      schema: { response: { 200: SignedOutSchema, ...errors } },
      onRequest: app.rateLimit.perIp('auth-ip'),
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const now = app.clock();
      const count = await app.db.transaction(
        async (tx) => {
          const n = await revokeAllSessions(tx, now, 'sign_out_everywhere');
          // A lost device must need the second factor again, not only a new first one.
          const devices = await revokeAllTrustedDevices(tx, now);
          await app.audit(tx, {
            event: 'session.signed_out_everywhere',
            userId,
            ip: request.ip,
            details: { sessions: n, trustedDevices: devices },
          });
          return n;
        },
        { userId },
      );
      return { status: 'signed_out' as const, sessionsRevoked: count };
    },
  );
  done();
};
