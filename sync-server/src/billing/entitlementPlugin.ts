import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../http/errors';
import { requireAuth } from '../plugins/auth';
import { entitlementOf, refusalMessage, type Feature } from './entitlements';
import { listSubscriptions } from './subscriptions';

/*
 * `preHandler: [app.authenticate, app.requireEntitlement('cloud')]` guards a cloud route:
 * the caller must be signed in (authenticate runs first) and hold an entitlement, else
 * 402 with a message that says what to do. Backups and the AI relay adopt it the same way.
 */

declare module 'fastify' {
  interface FastifyInstance {
    requireEntitlement: (feature: Feature) => (request: FastifyRequest) => Promise<void>;
  }
}

export const entitlementPlugin = fp(
  (app, _options, done) => {
    app.decorate('requireEntitlement', (feature: Feature) => async (request: FastifyRequest) => {
      const { userId } = requireAuth(request);
      const subscriptions = await app.db.transaction((tx) => listSubscriptions(tx), { userId });
      const entitlement = entitlementOf(subscriptions, app.clock());
      if (!entitlement.entitled) {
        throw new ApiError(
          402,
          entitlement.reason === 'no_subscription'
            ? 'subscription_required'
            : 'subscription_lapsed',
          refusalMessage(feature, entitlement),
        );
      }
    });
    done();
  },
  { name: 'casike-entitlements', dependencies: ['casike-db', 'casike-config', 'casike-auth'] },
);
