import type { FastifyPluginCallback } from 'fastify';
import { MeSchema } from '../../api/auth';
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
      // The session was just checked by authenticate; only the account row is read here.
      const auth = requireAuth(request);
      const user = await app.db.transaction((tx) => currentUser(tx), { userId: auth.userId });
      if (user === undefined) {
        throw new ApiError(401, 'session_ended', 'This session has ended. Sign in again.');
      }
      return {
        user: { id: user.id, email: user.email, createdAt: user.createdAt.toISOString() },
        session: {
          id: auth.sessionId,
          deviceName: auth.deviceName,
          createdAt: auth.sessionCreatedAt.toISOString(),
        },
      };
    },
  );
  done();
};
