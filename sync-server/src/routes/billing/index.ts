import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import { createStripe, stripeDisabled } from '../../billing/stripeClient';
import { cancelSubscriptionsInTx, exportBilling } from '../../billing/accountRights';
import {
  startCheckout,
  startPortal,
  subscriptionState,
  type BillingDeps,
} from '../../billing/service';
import { SessionUrlSchema, SubscriptionStateSchema } from '../../billing/wire';
import { ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';

/*
 * /v1/billing: start Checkout (subscribe), open the Customer Portal (manage, cancel,
 * update the card), read the subscription state. The desktop app opens the returned URLs
 * in the system browser; Stripe then sends the browser back to /v1/billing/return.
 */

const errors = {
  401: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  429: ErrorBodySchema,
  502: ErrorBodySchema,
  503: ErrorBodySchema,
};

const RETURN_TEXT: Readonly<Record<string, string>> = {
  success:
    'Thank you: your subscription is being set up. You can close this window and return to Casike.',
  cancelled: 'Checkout was cancelled; nothing was charged. You can close this window.',
  portal: 'Your billing changes are saved. You can close this window and return to Casike.',
};

export const billingRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const settings = app.config.stripe;
  const deps: BillingDeps | undefined =
    settings === undefined
      ? undefined
      : {
          db: app.db,
          stripe: createStripe(settings),
          priceId: settings.priceId,
          clock: app.clock,
          publicUrl: app.config.publicUrl,
        };
  const need = (): BillingDeps => {
    if (deps === undefined) throw stripeDisabled();
    return deps;
  };
  // Account rights: deleting the account cancels the subscription at Stripe at once.
  app.accountHooks.onDelete({
    name: 'stripe-subscription',
    run: async ({ tx, userId, now }) => {
      await cancelSubscriptionsInTx(tx, deps?.stripe, userId, now);
    },
  });
  app.accountHooks.onExport({ name: 'subscription', collect: (tx) => exportBilling(tx) });

  app.post(
    '/checkout',
    { schema: { response: { 200: SessionUrlSchema, ...errors } }, preHandler: app.authenticate },
    async (request) => startCheckout(need(), requireAuth(request).userId),
  );

  app.post(
    '/portal',
    { schema: { response: { 200: SessionUrlSchema, ...errors } }, preHandler: app.authenticate },
    async (request) => startPortal(need(), requireAuth(request).userId),
  );

  app.get(
    '/subscription',
    {
      schema: { response: { 200: SubscriptionStateSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => subscriptionState(need(), requireAuth(request).userId),
  );

  // Where Stripe sends the browser back. Plain text: no script, nothing from the query echoed.
  app.get(
    '/return',
    { schema: { querystring: z.object({ result: z.string().max(20).optional() }) } },
    async (request, reply) => {
      const text = RETURN_TEXT[request.query.result ?? ''] ?? 'You can close this window.';
      return reply.type('text/plain; charset=utf-8').send(text);
    },
  );
  done();
};
