import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../../http/zodSchemas';

/*
 * Liveness (/healthz: the process answers), readiness (/readyz: it can reach its
 * database, so a load balancer should send traffic) and Prometheus metrics (/metrics).
 * None of them reveal configuration or data.
 */

const StatusSchema = z.object({ status: z.enum(['ok', 'ready', 'unavailable']) });

export const healthRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get('/healthz', { schema: { response: { 200: StatusSchema } } }, () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    { schema: { response: { 200: StatusSchema, 503: StatusSchema } } },
    async (request, reply) => {
      try {
        await app.db.ping();
        return { status: 'ready' as const };
      } catch (err) {
        request.log.warn({ err }, 'database not reachable');
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );

  app.get('/metrics', { schema: { response: { 200: z.string() } } }, async (_request, reply) => {
    const text = await app.metrics.registry.metrics();
    return reply.type(app.metrics.registry.contentType).send(text);
  });
  done();
};
