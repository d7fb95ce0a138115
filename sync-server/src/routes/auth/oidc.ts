import type { FastifyPluginCallback } from 'fastify';
import { randomNonce } from 'openid-client';
import {
  OidcCompleteSchema,
  OidcStartSchema,
  OidcStartedSchema,
  SignInResultSchema,
} from '../../api/account';
import {
  acceptableRedirectUri,
  authorizationUrl,
  createOidcDiscovery,
  exchangeCode,
} from '../../auth/oidcClient';
import { claimOidcFlow, createOidcFlow, linkIdentity } from '../../auth/oidcFlows';
import { looksLikeSecret } from '../../auth/secrets';
import { findOrCreateUser } from '../../auth/users';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { afterFirstFactor, signInAnswer } from './signInCompletion';

/*
 * OIDC sign-in through the system browser, PKCE held by the device (RFC 8252):
 *  POST /v1/auth/oidc/start     { redirectUri, codeChallenge, deviceName } → the provider's
 *                               authorization URL for the device to open in the browser
 *  POST /v1/auth/oidc/complete  { callbackUrl, codeVerifier } → token pair or MFA challenge
 * The provider returns the browser to the device's loopback listener (or casike://), the
 * device posts that URL here with its verifier, and the server redeems the code with its
 * client secret. A code intercepted on the way is useless without the verifier, and the
 * server's state (single-use, 10 minutes) binds the answer to the flow it started.
 */

class IdentityMismatch extends Error {
  constructor(readonly userId: string) {
    super('provider identity belongs to another account');
  }
}

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  404: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
  503: ErrorBodySchema,
};

export const oidcRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const discover = createOidcDiscovery(app.config);
  const provider = async () => {
    if (discover === undefined)
      throw new ApiError(404, 'oidc_not_configured', 'This server has no sign-in provider.');
    try {
      return await discover();
    } catch {
      throw new ApiError(503, 'oidc_unavailable', 'The sign-in provider cannot be reached.');
    }
  };

  app.post(
    '/oidc/start',
    {
      schema: { body: OidcStartSchema, response: { 200: OidcStartedSchema, ...errors } },
      onRequest: app.rateLimit.perIp('auth-ip'),
    },
    async (request) => {
      const { redirectUri, codeChallenge, deviceName } = request.body;
      if (!acceptableRedirectUri(redirectUri))
        throw new ApiError(
          400,
          'bad_redirect_uri',
          'redirectUri must be http://127.0.0.1:PORT/… or casike://auth/oidc.',
        );
      const cfg = await provider();
      const nonce = randomNonce();
      const ttl = app.config.auth.oidcFlowTtlSeconds;
      const state = await app.db.transaction((tx) =>
        createOidcFlow(tx, { nonce, redirectUri, deviceName, now: app.clock(), ttlSeconds: ttl }),
      );
      return {
        authorizationUrl: authorizationUrl(cfg, { redirectUri, codeChallenge, state, nonce }),
        state,
        expiresIn: ttl,
      };
    },
  );

  app.post(
    '/oidc/complete',
    {
      schema: { body: OidcCompleteSchema, response: { 200: SignInResultSchema, ...errors } },
      onRequest: [app.rateLimit.perIp('auth-ip'), app.rateLimit.perIp('magic-link-verify-ip')],
    },
    async (request) => {
      const { callbackUrl, codeVerifier, trustedDeviceToken } = request.body;
      const cfg = await provider();
      const now = app.clock();
      const ip = request.ip;
      const fail = async (reason: string, userId?: string) => {
        await app.db.transaction((tx) =>
          app.audit(tx, {
            event: 'sign_in.failed',
            userId: userId ?? null,
            ip,
            details: { method: 'oidc', reason },
          }),
        );
        app.metrics.signIns.inc({ result: 'failure' });
        return new ApiError(401, 'oidc_failed', 'Sign-in with the provider did not complete.');
      };

      let url: URL;
      try {
        url = new URL(callbackUrl);
      } catch {
        throw await fail('bad_callback_url');
      }
      const state = url.searchParams.get('state') ?? '';
      const flow = looksLikeSecret('oidc', state)
        ? await app.db.transaction((tx) => claimOidcFlow(tx, state, now))
        : undefined;
      if (flow === undefined) throw await fail('unknown_or_used_state');
      const expected = new URL(flow.redirectUri);
      if (
        `${url.protocol}//${url.host}${url.pathname}` !==
        `${expected.protocol}//${expected.host}${expected.pathname}`
      )
        throw await fail('redirect_mismatch');
      // The network call to the provider happens outside any database transaction.
      const exchanged = await exchangeCode(cfg, url, { state, nonce: flow.nonce, codeVerifier });
      if (!exchanged.ok) throw await fail(exchanged.reason);
      const { identity } = exchanged;

      const outcome = await app.db
        .transaction(async (tx) => {
          const { user, created } = await findOrCreateUser(tx, identity.email, now);
          // Thrown, not returned: an account this transaction just created must not stay.
          if (!(await linkIdentity(tx, identity, now))) throw new IdentityMismatch(user.id);
          if (created) await app.audit(tx, { event: 'account.created', userId: user.id, ip });
          const next = await afterFirstFactor(app, tx, {
            userId: user.id,
            method: 'oidc',
            deviceName: flow.deviceName,
            trustedDeviceToken,
            ip,
          });
          return { ok: true as const, next };
        })
        .catch((error: unknown) => {
          if (error instanceof IdentityMismatch)
            return { ok: false as const, userId: error.userId };
          throw error;
        });
      if (!outcome.ok) throw await fail('identity_mismatch', outcome.userId);
      return signInAnswer(app, outcome.next);
    },
  );
  done();
};
