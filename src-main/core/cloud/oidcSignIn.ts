import { createHash, randomBytes } from 'node:crypto';
import { OidcStartedSchema, SignInResultSchema } from '../../../src-shared/contract/cloud/authWire';
import type { UnlockedVault } from '../vault';
import { CloudError } from './cloudErrors';
import { CloudHttp } from './cloudHttp';
import { checkCloudUrl } from './cloudUrl';
import { openLoopbackRedirect } from './loopbackRedirect';
import { deviceName, finishSignIn, type SecondFactorOptions, type SignedIn } from './signIn';
import { trustedDeviceTokenFor } from './trustedDevice';

/*
 * Sign-in with the server's OIDC provider through the system browser (RFC 8252). The
 * device makes a PKCE verifier and a loopback listener, asks the server to start the flow
 * for that redirect, opens the provider's page in the browser, and waits for the browser
 * to come back with the code. It then hands the callback URL and its verifier to the
 * server, which redeems the code with its client secret. The verifier never leaves this
 * process until that last request, and the listener accepts only the state the server
 * issued for this flow. Tokens land in the vault as with the magic link.
 */

/** Opens a URL in the system browser: `shell.openExternal` in the app, the OS opener in the CLI. */
export type BrowserOpener = (url: string) => Promise<void>;

export interface OidcSignInOptions extends SecondFactorOptions {
  openBrowser: BrowserOpener;
  /** Shown before the browser opens, so a person can open the page by hand if it does not. */
  onAuthorizationUrl?: (url: string) => void;
  /** How long to wait for the browser to come back (default 5 minutes). */
  timeoutMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** The provider page must be a web page: never file:, javascript: or another app's scheme. */
function checkAuthorizationUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CloudError(
      'server_error',
      'the server sent a sign-in page address that is not a URL',
    );
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return url.href;
  throw new CloudError('server_error', 'the server sent a sign-in page that is not https');
}

/**
 * Signs this vault in with the server's identity provider through the system browser;
 * answers an MFA challenge through `options.secondFactor` when the account has one.
 */
export async function signInWithOidc(
  vault: UnlockedVault,
  server: URL,
  options: OidcSignInOptions,
): Promise<SignedIn> {
  const now = options.now ?? (() => new Date());
  const base = checkCloudUrl(server.href);
  const http = new CloudHttp({ baseUrl: base });
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const loopback = await openLoopbackRedirect();
  try {
    let started;
    try {
      started = await http.json('POST', '/v1/auth/oidc/start', OidcStartedSchema, {
        body: {
          redirectUri: loopback.redirectUri,
          codeChallenge: challenge,
          codeChallengeMethod: 'S256',
          deviceName: deviceName(),
        },
      });
    } catch (error) {
      if (error instanceof CloudError && error.status === 404)
        throw new CloudError(
          'not_available',
          'this server has no sign-in provider; sign in by email with `casike cloud login EMAIL`',
        );
      throw error;
    }
    const page = checkAuthorizationUrl(started.authorizationUrl);
    const back = loopback.waitFor(started.state, options.timeoutMs ?? 5 * 60_000);
    // If we fail before awaiting it, its rejection must not go unhandled.
    back.catch(() => undefined);
    options.onAuthorizationUrl?.(page);
    try {
      await options.openBrowser(page);
    } catch {
      // With the address shown, the person can still open it by hand; without, give up.
      if (options.onAuthorizationUrl === undefined)
        throw new CloudError('rejected', 'could not open the system browser for sign-in');
    }
    const callbackUrl = await back;
    const trustedDeviceToken = trustedDeviceTokenFor(vault.db, base.origin, now());
    const first = await http.json('POST', '/v1/auth/oidc/complete', SignInResultSchema, {
      body: {
        callbackUrl: callbackUrl.href,
        codeVerifier: verifier,
        ...(trustedDeviceToken === undefined ? {} : { trustedDeviceToken }),
      },
    });
    return await finishSignIn(
      vault,
      http,
      first,
      { server: base.origin, email: undefined, method: 'oidc' },
      trustedDeviceToken !== undefined,
      options,
    );
  } finally {
    await loopback.close();
  }
}
