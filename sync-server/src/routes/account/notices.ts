import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import { NoticeListSchema } from '../../api/account';
import { ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';

/*
 *  GET /v1/account/notices   notices the operator left for this account (e.g. a breach
 *                            notification from `npm run admin -- notify-users`), each
 *                            returned once: reading marks them seen.
 * The client calls it after every sign-in and shows what it gets.
 */

const NoticeRow = z.object({
  id: z.string(),
  template: z.string(),
  title: z.string(),
  body: z.string(),
  created_at: z.coerce.date(),
});

export const accountNoticeRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/notices',
    {
      schema: { response: { 200: NoticeListSchema, 401: ErrorBodySchema, 429: ErrorBodySchema } },
      preHandler: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const { rows } = await app.db.transaction(
        (tx) =>
          // One statement marks and returns: two devices reading at once see it once.
          tx.query(
            `UPDATE account_notices SET seen_at = $1
              WHERE user_id = app_user_id() AND seen_at IS NULL
              RETURNING id, template, title, body, created_at`,
            [app.clock()],
          ),
        { userId },
      );
      return {
        notices: rows
          .map((raw) => NoticeRow.parse(raw))
          .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
          .map((n) => ({
            id: n.id,
            template: n.template,
            title: n.title,
            body: n.body,
            createdAt: n.created_at.toISOString(),
          })),
      };
    },
  );
  done();
};
