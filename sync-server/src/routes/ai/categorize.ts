import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import { AI_BATCH_SIZE } from '../../../../src-shared/domain/ai';
import { createOpenAiRelay, type OpenAiRelay } from '../../ai/openAiRelay';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';

/*
 *  POST /v1/ai/categorize   categorize scrubbed descriptions with the service's OpenAI key
 *
 * Signed-in users only (and, with billing, an active subscription). Bounded input, so
 * one request cannot become a large model bill. Nothing of the payload is logged or
 * stored: the audit log gets the number of items.
 */

const CategoryName = z.string().trim().min(1).max(120);

export const RelayRequestSchema = z.strictObject({
  categories: z
    .array(CategoryName)
    .min(1)
    .max(200)
    .refine((names) => new Set(names).size === names.length, 'category names must be unique'),
  items: z
    .array(
      z.strictObject({
        id: z.string().regex(/^\d{1,3}$/),
        description: z.string().max(200),
        direction: z.enum(['in', 'out']),
      }),
    )
    .min(1)
    .max(AI_BATCH_SIZE),
});

export const RelayResponseSchema = z.object({
  status: z.enum(['ok', 'refused', 'malformed']),
  answers: z.array(
    z.object({ id: z.string(), category: z.string(), confidence: z.enum(['high', 'low']) }),
  ),
});

export const aiRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  let relay: OpenAiRelay | undefined;

  app.post(
    '/ai/categorize',
    {
      schema: {
        body: RelayRequestSchema,
        response: {
          200: RelayResponseSchema,
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          402: ErrorBodySchema,
          413: ErrorBodySchema,
          429: ErrorBodySchema,
          502: ErrorBodySchema,
          503: ErrorBodySchema,
        },
      },
      preHandler: [app.authenticate, app.requireEntitlement('cloud')],
    },
    async (request) => {
      const auth = requireAuth(request);
      const openai = app.config.openai;
      if (openai === undefined) {
        throw new ApiError(
          503,
          'ai_unavailable',
          'AI suggestions are not available on this server.',
        );
      }
      relay ??= createOpenAiRelay(openai);
      const { categories, items } = request.body;
      const [first, ...rest] = categories;
      if (first === undefined)
        throw new ApiError(400, 'invalid_request', 'categories are required');
      await app.db.transaction(
        (tx) =>
          app.audit(tx, {
            event: 'ai.relayed',
            userId: auth.userId,
            ip: request.ip,
            details: { items: items.length },
          }),
        { userId: auth.userId },
      );
      try {
        const outcome = await relay.categorize({ categories: [first, ...rest], items });
        return { status: outcome.status, answers: outcome.status === 'ok' ? outcome.answers : [] };
      } catch {
        // The SDK's error can quote the request; none of it goes into our answer or logs.
        throw new ApiError(502, 'ai_failed', 'The AI provider could not answer; try again later.');
      }
    },
  );
  done();
};
