import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { issueAccessToken, verifyAccessToken } from '../auth/accessTokens';
import { loadSession, sessionState, touchSession } from '../auth/sessions';
import { ApiError } from '../http/errors';

/*
 * Authentication for /v1 routes: `preHandler: app.authenticate` demands a valid bearer
 * access token whose session is still live (not signed out, not idle, not expired), and
 * sets `request.auth`. The session check makes "sign out everywhere" immediate instead of
 * waiting out the access tokens' ten minutes. Authentication is by header only, never by
 * cookie, so cross-site requests cannot ride on a browser's credentials (no CSRF surface);
 * a cookie-based browser flow, if one comes (OIDC), must add an anti-CSRF token.
 */

export interface AuthContext {
  userId: string;
  sessionId: string;
  /** The live session, as checked by `authenticate`. */
  deviceName: string;
  sessionCreatedAt: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** A fresh access token for a session (after sign-in or refresh). */
    issueAccessToken: (claims: { userId: string; sessionId: string }) => {
      token: string;
      expiresIn: number;
    };
  }
}

const unauthorized = (code: string, message: string) =>
  new ApiError(401, code, message, { 'www-authenticate': 'Bearer realm="casike"' });

export const authPlugin = fp(
  (app, _options, done) => {
    const issuer = app.config.publicUrl.origin;
    app.decorateRequest('auth', null);

    app.decorate('issueAccessToken', (claims: { userId: string; sessionId: string }) => {
      const ttl = app.config.auth.accessTokenTtlSeconds;
      const now = Math.floor(app.clock().getTime() / 1000);
      const { token } = issueAccessToken(app.config.keyRing, issuer, claims, now, ttl);
      return { token, expiresIn: ttl };
    });

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._-]{1,2048})$/.exec(header);
      if (match?.[1] === undefined) throw unauthorized('unauthorized', 'Sign in first.');
      const now = app.clock();
      const verdict = verifyAccessToken(
        app.config.keyRing,
        issuer,
        match[1],
        Math.floor(now.getTime() / 1000),
      );
      if (!verdict.ok) {
        if (verdict.reason === 'expired')
          throw unauthorized('token_expired', 'The access token has expired.');
        // A forged or mangled token is worth recording; an expired one is routine.
        app.metrics.accessDenied.inc({ reason: verdict.reason });
        await app.db.transaction((tx) =>
          app.audit(tx, {
            event: 'access.denied',
            ip: request.ip,
            details: { reason: verdict.reason },
          }),
        );
        throw unauthorized('unauthorized', 'Sign in first.');
      }
      const { userId, sessionId } = verdict.claims;
      // One transaction checks the session and counts the call against the account.
      const { state, session, refusal } = await app.db.transaction(
        async (tx) => {
          const found = await loadSession(tx, sessionId);
          const s = sessionState(found, now, app.config.auth);
          if (s !== 'active' || found === undefined) {
            await app.audit(tx, {
              event: 'access.denied',
              userId,
              ip: request.ip,
              details: { reason: `session_${s}` },
            });
            return { state: s, session: undefined, refusal: undefined };
          }
          await touchSession(tx, found, now);
          return {
            state: s,
            session: found,
            refusal: await app.rateLimit.count(tx, 'account', userId),
          };
        },
        { userId },
      );
      if (session === undefined) {
        app.metrics.accessDenied.inc({ reason: `session_${state}` });
        throw unauthorized('session_ended', 'This session has ended. Sign in again.');
      }
      if (refusal !== undefined) throw refusal;
      request.auth = {
        userId,
        sessionId,
        deviceName: session.device_name,
        sessionCreatedAt: session.created_at,
      };
      return;
    });
    done();
  },
  {
    name: 'casike-auth',
    dependencies: [
      'casike-config',
      'casike-db',
      'casike-metrics',
      'casike-audit',
      'casike-rate-limit',
    ],
  },
);

/** The caller of an authenticated route (after `app.authenticate`). */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw new Error('route is missing preHandler: app.authenticate');
  return request.auth;
}
