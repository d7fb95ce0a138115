import type { FastifyPluginCallback } from 'fastify';
import { MeSchema } from '../../api/auth';
import { loadSession } from '../../auth/sessions';
import { currentUser } from '../../auth/users';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';

/** GET /v1/me: who is signed in, on which session. */
export const meRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/me',
    {
      schema: { response: { 200: MeSchema, 401: ErrorBodySchema, 429: ErrorBodySchema } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId, sessionId } = requireAuth(request);
      const found = await app.db.transaction(
        async (tx) => ({ user: await currentUser(tx), session: await loadSession(tx, sessionId) }),
        { userId },
      );
      if (found.user === undefined || found.session === undefined) {
        throw new ApiError(401, 'session_ended', 'This session has ended. Sign in again.');
      }
      return {
        user: {
          id: found.user.id,
          email: found.user.email,
          createdAt: found.user.createdAt.toISOString(),
        },
        session: {
          id: found.session.id,
          deviceName: found.session.device_name,
          createdAt: found.session.created_at.toISOString(),
        },
      };
    },
  );
  done();
};
