import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { handleStripeEvent, type StripeEventDeps } from '../../billing/stripeEvents';
import { createStripe } from '../../billing/stripeClient';
import { WebhookAckSchema } from '../../billing/wire';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { createPlaidApi } from '../../plaid/plaidClient';
import { handlePlaidWebhook } from '../../plaid/webhookEvents';
import { PlaidWebhookVerifier, plaidKeySource } from '../../plaid/webhookVerification';

/*
 * POST /webhooks/plaid and /webhooks/stripe. Both signatures cover the exact bytes sent,
 * so this scope keeps JSON bodies raw (a Buffer) and parses only after verifying. A
 * rejected delivery answers 400, is written to the audit log with a fixed reason code and
 * counted in casike_webhook_rejected_total{source,reason}: a burst of rejections is
 * someone probing, worth an alert.
 */

const STRIPE_TOLERANCE_SECONDS = 5 * 60;

// Stripe's invoice and subscription events run to tens of kilobytes.
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const responses = { 200: WebhookAckSchema, 400: ErrorBodySchema, 503: ErrorBodySchema };

export const webhookRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, next) => {
    next(null, body);
  });

  const rejected = new Counter({
    name: 'casike_webhook_rejected_total',
    help: 'Webhook deliveries refused, by source and reason',
    labelNames: ['source', 'reason'],
    registers: [app.metrics.registry],
  });

  const reject = async (
    request: FastifyRequest,
    source: 'plaid' | 'stripe',
    reason: string,
  ): Promise<never> => {
    rejected.inc({ source, reason });
    // What deploy/alerts.yml's WebhookVerificationFailures rule watches.
    app.metrics.webhookVerificationFailures.inc({ provider: source });
    await app.db.transaction((tx) =>
      app.audit(tx, { event: 'webhook.rejected', ip: request.ip, details: { source, reason } }),
    );
    request.log.warn({ source, reason }, 'webhook rejected');
    throw new ApiError(400, 'webhook_rejected', 'The webhook could not be verified.');
  };

  const rawBody = (request: FastifyRequest): Buffer =>
    Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);

  const parseJson = (raw: Buffer): unknown => {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      return undefined;
    }
  };

  const plaid = app.config.plaid;
  const verifier =
    plaid === undefined
      ? undefined
      : new PlaidWebhookVerifier(plaidKeySource(await createPlaidApi(plaid)), app.clock);

  app.post(
    '/plaid',
    { schema: { response: responses }, bodyLimit: WEBHOOK_BODY_LIMIT },
    async (request) => {
      if (verifier === undefined)
        throw new ApiError(503, 'plaid_disabled', 'Bank linking is not configured on this server.');
      const raw = rawBody(request);
      const header = request.headers['plaid-verification'];
      const verdict = await verifier.verify(typeof header === 'string' ? header : undefined, raw);
      if (!verdict.ok) return reject(request, 'plaid', verdict.reason);
      const body = parseJson(raw);
      if (body === undefined) return reject(request, 'plaid', 'malformed');
      const outcome = await handlePlaidWebhook(app.db, body);
      if (outcome === 'malformed') return reject(request, 'plaid', 'malformed');
      request.log.info({ outcome }, 'plaid webhook handled');
      return { received: true as const };
    },
  );

  const stripeSettings = app.config.stripe;
  const stripeDeps: (StripeEventDeps & { secret: string }) | undefined =
    stripeSettings === undefined
      ? undefined
      : {
          db: app.db,
          stripe: createStripe(stripeSettings),
          clock: app.clock,
          audit: app.audit,
          secret: stripeSettings.webhookSecret,
        };

  app.post(
    '/stripe',
    { schema: { response: responses }, bodyLimit: WEBHOOK_BODY_LIMIT },
    async (request) => {
      if (stripeDeps === undefined)
        throw new ApiError(
          503,
          'billing_disabled',
          'Subscriptions are not configured on this server.',
        );
      const header = request.headers['stripe-signature'];
      if (typeof header !== 'string' || header === '')
        return reject(request, 'stripe', 'missing_header');
      let event;
      try {
        event = stripeDeps.stripe.webhooks.constructEvent(
          rawBody(request),
          header,
          stripeDeps.secret,
          STRIPE_TOLERANCE_SECONDS,
          undefined,
          app.clock().getTime(),
        );
      } catch (error) {
        const stale = error instanceof Error && /tolerance/i.test(error.message);
        return reject(request, 'stripe', stale ? 'stale' : 'bad_signature');
      }
      const outcome = await handleStripeEvent(stripeDeps, event);
      request.log.info({ outcome, type: event.type }, 'stripe webhook handled');
      return { received: true as const };
    },
  );
};
