import * as client from 'openid-client';
import type { ServerConfig } from '../config/env';

/*
 * The server as an OIDC relying party (openid-client 6) for one generic provider
 * (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET). The server holds the client secret;
 * the device holds the PKCE verifier and does the browsing (RFC 8252: the system
 * browser, back to a loopback or casike:// redirect). Discovery is fetched once and
 * cached; a failure is not cached, so a provider outage heals by itself.
 */

export type OidcConfiguration = client.Configuration;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/** Plain http to the provider only for a loopback issuer outside production (tests, dev). */
function insecureAllowed(issuer: URL, production: boolean): boolean {
  return !production && issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname);
}

export function createOidcDiscovery(
  config: ServerConfig,
): (() => Promise<OidcConfiguration>) | undefined {
  const oidc = config.oidc;
  if (oidc === undefined) return undefined;
  let cached: Promise<OidcConfiguration> | undefined;
  return () => {
    if (cached === undefined) {
      const issuer = new URL(oidc.issuer);
      cached = client
        .discovery(
          issuer,
          oidc.clientId,
          undefined,
          client.ClientSecretBasic(oidc.clientSecret),
          insecureAllowed(issuer, config.production)
            ? { execute: [client.allowInsecureRequests], timeout: 10 }
            : { timeout: 10 },
        )
        .catch((error: unknown) => {
          cached = undefined;
          throw error;
        });
    }
    return cached;
  };
}

/**
 * Redirect URIs a device may ask for: a loopback address on any port (RFC 8252 §7.3;
 * `localhost` is refused, its name can be re-pointed) or the app's own scheme.
 */
export function acceptableRedirectUri(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    return false;
  if (url.protocol === 'casike:') return url.href === 'casike://auth/oidc';
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.port !== '';
}

export function authorizationUrl(
  cfg: OidcConfiguration,
  p: { redirectUri: string; codeChallenge: string; state: string; nonce: string },
): string {
  return client
    .buildAuthorizationUrl(cfg, {
      redirect_uri: p.redirectUri,
      scope: 'openid email',
      code_challenge: p.codeChallenge,
      code_challenge_method: 'S256',
      state: p.state,
      nonce: p.nonce,
    })
    .toString();
}

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string;
}

export type ExchangeFailure = 'exchange_failed' | 'email_unverified';

/**
 * Redeems the code the browser brought back (with the device's PKCE verifier), checks
 * state, nonce and the ID token, and returns the provider's verified identity. The
 * address must be marked verified by the provider: an unverified one could claim
 * anybody's account.
 */
export async function exchangeCode(
  cfg: OidcConfiguration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<{ ok: true; identity: VerifiedIdentity } | { ok: false; reason: ExchangeFailure }> {
  let tokens;
  try {
    tokens = await client.authorizationCodeGrant(cfg, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  } catch {
    return { ok: false, reason: 'exchange_failed' };
  }
  const claims = tokens.claims();
  if (claims === undefined) return { ok: false, reason: 'exchange_failed' };
  let email = claims.email;
  let verified = claims.email_verified;
  if (typeof email !== 'string') {
    // Many providers keep scope claims out of the ID token; ask the UserInfo endpoint.
    try {
      const info = await client.fetchUserInfo(cfg, tokens.access_token, claims.sub);
      email = info.email;
      verified = info.email_verified;
    } catch {
      return { ok: false, reason: 'exchange_failed' };
    }
  }
  if (typeof email !== 'string' || verified !== true)
    return { ok: false, reason: 'email_unverified' };
  return {
    ok: true,
    identity: { issuer: claims.iss, subject: claims.sub, email: email.trim().toLowerCase() },
  };
}
