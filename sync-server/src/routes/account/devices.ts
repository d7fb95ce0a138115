import type { FastifyPluginCallback } from 'fastify';
import {
  IdParamsSchema,
  RevokedSchema,
  SessionListSchema,
  TrustedDeviceListSchema,
} from '../../api/account';
import { revokeSession } from '../../auth/sessions';
import { listTrustedDevices, revokeTrustedDevice } from '../../auth/trustedDevices';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';
import { z } from 'zod';

/*
 * Where the account is signed in, and which devices skip the second factor:
 *  GET    /v1/account/sessions              live sessions (signed-in devices)
 *  DELETE /v1/account/sessions/:id          sign one of them out
 *  GET    /v1/account/trusted-devices       devices that skip MFA, with their expiry
 *  DELETE /v1/account/trusted-devices/:id   revoke one: its next sign-in asks for a code
 */

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  404: ErrorBodySchema,
  429: ErrorBodySchema,
};
const notFound = () => new ApiError(404, 'not_found', 'No such device.');

const SessionRow = z.object({
  id: z.string(),
  device_name: z.string(),
  created_at: z.coerce.date(),
  last_seen_at: z.coerce.date(),
});

export const accountDeviceRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/sessions',
    { schema: { response: { 200: SessionListSchema, ...errors } }, preHandler: app.authenticate },
    async (request) => {
      const { userId, sessionId } = requireAuth(request);
      const now = app.clock();
      const idleCutoff = new Date(now.getTime() - app.config.auth.sessionIdleSeconds * 1000);
      const { rows } = await app.db.transaction(
        (tx) =>
          tx.query(
            `SELECT id, device_name, created_at, last_seen_at FROM sessions
              WHERE user_id = app_user_id() AND revoked_at IS NULL AND expires_at > $1
                AND last_seen_at >= $2
              ORDER BY created_at DESC`,
            [now, idleCutoff],
          ),
        { userId },
      );
      return {
        sessions: rows.map((raw) => {
          const r = SessionRow.parse(raw);
          return {
            id: r.id,
            deviceName: r.device_name,
            createdAt: r.created_at.toISOString(),
            lastSeenAt: r.last_seen_at.toISOString(),
            current: r.id === sessionId,
          };
        }),
      };
    },
  );

  app.delete(
    '/sessions/:id',
    {
      schema: { params: IdParamsSchema, response: { 200: RevokedSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const now = app.clock();
      const found = await app.db.transaction(
        async (tx) => {
          const { rows } = await tx.query(
            'SELECT 1 FROM sessions WHERE id = $1 AND revoked_at IS NULL',
            [request.params.id],
          );
          if (rows.length === 0) return false;
          await revokeSession(tx, request.params.id, now, 'sign_out');
          await app.audit(tx, {
            event: 'session.signed_out',
            userId,
            ip: request.ip,
            details: { sessionId: request.params.id, from: 'session_list' },
          });
          return true;
        },
        { userId },
      );
      if (!found) throw notFound();
      return { status: 'revoked' as const };
    },
  );

  app.get(
    '/trusted-devices',
    {
      schema: { response: { 200: TrustedDeviceListSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const devices = await app.db.transaction((tx) => listTrustedDevices(tx, app.clock()), {
        userId,
      });
      return {
        devices: devices.map((d) => ({
          id: d.id,
          deviceName: d.device_name,
          createdAt: d.created_at.toISOString(),
          expiresAt: d.expires_at.toISOString(),
          lastUsedAt: d.last_used_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.delete(
    '/trusted-devices/:id',
    {
      schema: { params: IdParamsSchema, response: { 200: RevokedSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const revoked = await app.db.transaction(
        async (tx) => {
          const ok = await revokeTrustedDevice(tx, request.params.id, app.clock());
          if (ok)
            await app.audit(tx, {
              event: 'device.revoked',
              userId,
              ip: request.ip,
              details: { trustedDeviceId: request.params.id },
            });
          return ok;
        },
        { userId },
      );
      if (!revoked) throw notFound();
      return { status: 'revoked' as const };
    },
  );
  done();
};
