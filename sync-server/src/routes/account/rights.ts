import type { FastifyPluginCallback } from 'fastify';
import { AccountDeletedSchema, AccountExportSchema, DeleteAccountSchema } from '../../api/account';
import { revokeAllSessions } from '../../auth/sessions';
import { mfaStatus } from '../../auth/totp';
import { currentUser } from '../../auth/users';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';
import { checkSecondFactor } from '../auth/mfa';

/*
 * Account rights (GDPR arts. 15, 17, 20; CCPA right to know and to delete):
 *  GET    /v1/account/export   everything the server holds about the caller, as JSON
 *  DELETE /v1/account          delete the account: sessions, second factor, devices and
 *                              every row of the user; registered hooks remove the rest
 * The sections and hooks come from app.accountHooks (account/hooks.ts).
 */

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
};

export const accountRightsRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/export',
    { schema: { response: { 200: AccountExportSchema, ...errors } }, preHandler: app.authenticate },
    async (request, reply) => {
      const { userId } = requireAuth(request);
      const now = app.clock();
      const sections = await app.db.transaction(
        async (tx) => {
          const out: Record<string, unknown> = {};
          for (const section of app.accountHooks.export)
            out[section.name] = await section.collect(tx, userId);
          await app.audit(tx, {
            event: 'account.exported',
            userId,
            ip: request.ip,
            details: { sections: app.accountHooks.export.length },
          });
          return out;
        },
        { userId },
      );
      void reply.header(
        'content-disposition',
        `attachment; filename="casike-account-${now.toISOString().slice(0, 10)}.json"`,
      );
      return {
        exportedAt: now.toISOString(),
        format: 'casike-account-export-v1' as const,
        sections,
      };
    },
  );

  app.delete(
    '/',
    {
      schema: { body: DeleteAccountSchema, response: { 200: AccountDeletedSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const { confirmEmail, code, recoveryCode } = request.body;
      const now = app.clock();
      if (code !== undefined || recoveryCode !== undefined)
        await app.rateLimit.hit('mfa-code', userId);
      const outcome = await app.db.transaction(
        async (tx) => {
          const user = await currentUser(tx);
          if (user === undefined) return { ok: false as const, code: 'session_ended' };
          if (confirmEmail.toLowerCase() !== user.email)
            return { ok: false as const, code: 'confirmation_mismatch' };
          if ((await mfaStatus(tx, userId)).enabled) {
            const factor = await checkSecondFactor(app, tx, userId, { code, recoveryCode });
            if (!factor.ok) return { ok: false as const, code: 'invalid_code' };
          }
          for (const hook of app.accountHooks.deletion) {
            await hook.run({ tx, userId, now, log: request.log.child({ hook: hook.name }) });
          }
          const sessions = await revokeAllSessions(tx, now, 'account_deleted');
          // Every user-scoped table cascades from users (migrations 0001, 0004).
          await tx.query('DELETE FROM users WHERE id = app_user_id()');
          await app.audit(tx, {
            event: 'account.deleted',
            userId,
            ip: request.ip,
            details: {
              sessionsRevoked: sessions,
              hooks: app.accountHooks.deletion.map((h) => h.name).join(','),
            },
          });
          return { ok: true as const, sessions };
        },
        { userId },
      );
      if (!outcome.ok) {
        if (outcome.code === 'session_ended')
          throw new ApiError(401, 'session_ended', 'This session has ended. Sign in again.');
        if (outcome.code === 'confirmation_mismatch')
          throw new ApiError(
            400,
            'confirmation_mismatch',
            "Type the account's email address to confirm.",
          );
        app.metrics.mfaFailures.inc({ reason: 'delete_invalid' });
        throw new ApiError(
          400,
          'invalid_code',
          'A current two-step code is needed to delete the account.',
        );
      }
      app.metrics.accountDeletions.inc();
      return { status: 'deleted' as const, sessionsRevoked: outcome.sessions };
    },
  );
  done();
};
