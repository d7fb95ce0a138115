import type { FastifyPluginAsync } from 'fastify';
import { ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';
import { createPlaidApi, plaidDisabled } from '../../plaid/plaidClient';
import { exportPlaidItems, removeAllPlaidItems } from '../../plaid/accountRights';
import {
  exchange,
  listUserItems,
  startLink,
  syncItem,
  unlinkItem,
  type PlaidDeps,
} from '../../plaid/service';
import {
  DeletedSchema,
  ExchangeRequestSchema,
  ExchangeResponseSchema,
  ItemIdParamsSchema,
  ItemListSchema,
  LinkTokenRequestSchema,
  LinkTokenResponseSchema,
  SyncRequestSchema,
  SyncResponseSchema,
} from '../../plaid/wire';

/*
 * /v1/plaid: link a bank through Hosted Link, list linked banks, relay a transactions sync,
 * unlink. Linking and syncing need the cloud entitlement; listing and unlinking never do,
 * so a lapsed subscriber can always see and remove what is connected.
 */

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  402: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  410: ErrorBodySchema,
  429: ErrorBodySchema,
  502: ErrorBodySchema,
  503: ErrorBodySchema,
};

export const plaidRoutes: FastifyPluginAsync = async (instance) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const settings = app.config.plaid;
  let deps: PlaidDeps | undefined;
  if (settings !== undefined) {
    deps = {
      db: app.db,
      ring: app.config.keyRing,
      plaid: await createPlaidApi(settings),
      clock: app.clock,
      audit: app.audit,
      webhookUrl: new URL('/webhooks/plaid', app.config.publicUrl).toString(),
    };
  }
  const need = (): PlaidDeps => {
    if (deps === undefined) throw plaidDisabled();
    return deps;
  };
  // Account rights: deleting the account removes every bank connection at Plaid first.
  const plaidApi = deps?.plaid;
  app.accountHooks.onDelete({
    name: 'plaid-items',
    run: async ({ tx }) => {
      await removeAllPlaidItems(tx, app.config.keyRing, plaidApi);
    },
  });
  app.accountHooks.onExport({ name: 'banks', collect: (tx) => exportPlaidItems(tx) });
  const entitled = [app.authenticate, app.requireEntitlement('cloud')];

  app.post(
    '/link-token',
    {
      schema: {
        body: LinkTokenRequestSchema,
        response: { 200: LinkTokenResponseSchema, ...errors },
      },
      preHandler: entitled,
    },
    async (request) => startLink(need(), requireAuth(request).userId, request.body.itemId),
  );

  app.post(
    '/exchange',
    {
      schema: { body: ExchangeRequestSchema, response: { 200: ExchangeResponseSchema, ...errors } },
      preHandler: entitled,
    },
    async (request) => exchange(need(), requireAuth(request).userId, request.body.linkToken),
  );

  app.get(
    '/items',
    { schema: { response: { 200: ItemListSchema, ...errors } }, preHandler: app.authenticate },
    async (request) => ({ items: await listUserItems(need(), requireAuth(request).userId) }),
  );

  app.post(
    '/items/:id/sync',
    {
      schema: {
        params: ItemIdParamsSchema,
        body: SyncRequestSchema.optional().transform((b) => b ?? {}),
        response: { 200: SyncResponseSchema, ...errors },
      },
      preHandler: entitled,
    },
    async (request) =>
      syncItem(need(), requireAuth(request).userId, request.params.id, request.body.cursor),
  );

  app.delete(
    '/items/:id',
    {
      schema: { params: ItemIdParamsSchema, response: { 200: DeletedSchema, ...errors } },
      preHandler: app.authenticate,
    },
    async (request) => {
      await unlinkItem(need(), requireAuth(request).userId, request.params.id);
      return { deleted: true as const };
    },
  );
};
