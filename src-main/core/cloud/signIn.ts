import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  MagicLinkRequestedSchema,
  MeSchema,
  SignInResultSchema,
  SignedOutSchema,
  TokenPairSchema,
  type Me,
  type TokenPair,
} from '../../../src-shared/contract/cloud/authWire';
import type { UnlockedVault } from '../vault';
import { CloudError } from './cloudErrors';
import { CloudHttp } from './cloudHttp';
import {
  clearPendingSignIn,
  clearSession,
  loadPendingSignIn,
  loadSession,
  saveSession,
  savePendingSignIn,
  type CloudSession,
} from './cloudState';
import { checkCloudUrl } from './cloudUrl';

/*
 * Passwordless sign-in. `requestSignIn` makes a PKCE verifier, keeps it in the vault and
 * asks the server to mail a link; `completeSignIn` takes the link (or the code in it) and
 * the kept verifier, so the link works only on this device. The token pair goes into the
 * vault; `authorizedClient` hands out a fresh access token, rotating the refresh token
 * when needed (each rotation is saved at once: a refresh token works only once).
 */

const MAGIC_TOKEN = /\bcml_[A-Za-z0-9_-]{43}\b/;
/** Refresh this long before the access token's expiry, so a request never races it. */
const EXPIRY_MARGIN_MS = 30_000;

function deviceName(): string {
  const name = hostname()
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 80);
  return `Casike on ${name === '' ? 'this device' : name}`;
}

export async function requestSignIn(
  vault: UnlockedVault,
  server: URL,
  email: string,
  now: () => Date = () => new Date(),
): Promise<{ expiresInSeconds: number }> {
  const base = checkCloudUrl(server.href);
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const answer = await new CloudHttp({ baseUrl: base }).json(
    'POST',
    '/v1/auth/magic-link',
    MagicLinkRequestedSchema,
    {
      body: {
        email: email.trim(),
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        deviceName: deviceName(),
      },
    },
  );
  savePendingSignIn(vault.db, {
    serverUrl: base.origin,
    email: email.trim().toLowerCase(),
    codeVerifier: verifier,
    requestedAt: now().toISOString(),
  });
  return { expiresInSeconds: answer.expiresInSeconds };
}

/** The sign-in token in what the user pasted: the emailed link, or the code alone. */
export function signInTokenFrom(input: string, expectedServer: string): string {
  const token = MAGIC_TOKEN.exec(input)?.[0];
  if (token === undefined)
    throw new CloudError('rejected', 'that is not a Casike sign-in link or code');
  if (input.trim().startsWith('casike:')) {
    let server: string | null;
    try {
      server = new URL(input.trim()).searchParams.get('server');
    } catch {
      server = null;
    }
    if (server !== null && server !== expectedServer)
      throw new CloudError('rejected', `that link is for ${server}, not ${expectedServer}`);
  }
  return token;
}

function sessionFrom(
  server: string,
  email: string,
  pair: TokenPair,
  now: Date,
  signedInAt = now.toISOString(),
): CloudSession {
  return {
    serverUrl: server,
    email,
    userId: pair.userId,
    sessionId: pair.sessionId,
    refreshToken: pair.refreshToken,
    accessToken: pair.accessToken,
    accessExpiresAt: new Date(now.getTime() + pair.expiresIn * 1000).toISOString(),
    signedInAt,
  };
}

export interface CompleteSignInOptions {
  now?: () => Date;
  /** Asked only when the account has two-step sign-in on: the authenticator's code. */
  mfaCode?: () => Promise<string>;
}

export async function completeSignIn(
  vault: UnlockedVault,
  linkOrCode: string,
  options: CompleteSignInOptions = {},
): Promise<{ email: string; server: string; userId: string; mfa: boolean }> {
  const now = options.now ?? (() => new Date());
  const pending = loadPendingSignIn(vault.db);
  if (pending === undefined)
    throw new CloudError(
      'no_pending_sign_in',
      'no sign-in is waiting on this device; run `casike cloud login EMAIL` first',
    );
  const token = signInTokenFrom(linkOrCode, pending.serverUrl);
  const http = new CloudHttp({ baseUrl: checkCloudUrl(pending.serverUrl) });
  const first = await http.json('POST', '/v1/auth/magic-link/verify', SignInResultSchema, {
    body: { token, codeVerifier: pending.codeVerifier },
  });
  let pair: TokenPair;
  if ('status' in first) {
    if (options.mfaCode === undefined)
      throw new CloudError(
        'rejected',
        'this account uses two-step sign-in: give the authenticator code too (--mfa-code)',
      );
    const code = (await options.mfaCode()).trim();
    pair = await http.json('POST', '/v1/auth/mfa/verify', TokenPairSchema, {
      body: /^\d{6}$/.test(code)
        ? { mfaToken: first.mfaToken, code }
        : { mfaToken: first.mfaToken, recoveryCode: code },
    });
  } else {
    pair = first;
  }
  const db = vault.db;
  db.transaction(() => {
    saveSession(db, sessionFrom(pending.serverUrl, pending.email, pair, now()));
    clearPendingSignIn(db);
  })();
  const mfa = 'status' in first;
  vault.audit('cloud.signed_in', { method: 'magic_link', mfa });
  return { email: pending.email, server: pending.serverUrl, userId: pair.userId, mfa };
}

/** A signed-in client: the server's HTTP layer plus a fresh access token on demand. */
export interface AuthorizedClient {
  http: CloudHttp;
  session: CloudSession;
  /** Runs `call` with a valid access token; refreshes and retries once on expiry. */
  call<T>(call: (accessToken: string) => Promise<T>): Promise<T>;
}

export function authorizedClient(
  vault: UnlockedVault,
  now: () => Date = () => new Date(),
): AuthorizedClient {
  const found = loadSession(vault.db);
  if (found === undefined)
    throw new CloudError(
      'not_signed_in',
      'not signed in to Casike Cloud; run `casike cloud login EMAIL`',
    );
  let session = found;
  const http = new CloudHttp({ baseUrl: checkCloudUrl(session.serverUrl) });
  const refresh = async (): Promise<void> => {
    let pair: TokenPair;
    try {
      pair = await http.json('POST', '/v1/auth/refresh', TokenPairSchema, {
        body: { refreshToken: session.refreshToken },
      });
    } catch (error) {
      if (error instanceof CloudError && error.failure === 'not_signed_in') {
        clearSession(vault.db);
        throw new CloudError(
          'not_signed_in',
          'the cloud session has ended; sign in again with `casike cloud login EMAIL`',
        );
      }
      throw error;
    }
    session = sessionFrom(session.serverUrl, session.email, pair, now(), session.signedInAt);
    saveSession(vault.db, session);
  };
  // Concurrent calls share one refresh: presenting the same refresh token twice would look
  // like theft to the server and end the session.
  let refreshing: Promise<void> | undefined;
  const refreshOnce = (): Promise<void> => {
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };
  const client: AuthorizedClient = {
    http,
    get session() {
      return session;
    },
    async call(call) {
      if (Date.parse(session.accessExpiresAt) - EXPIRY_MARGIN_MS <= now().getTime())
        await refreshOnce();
      try {
        return await call(session.accessToken);
      } catch (error) {
        if (!(error instanceof CloudError) || error.serverCode !== 'token_expired') throw error;
        await refreshOnce();
        return call(session.accessToken);
      }
    },
  };
  return client;
}

export type CloudStatus =
  | { signedIn: false; pendingSignIn: { email: string; server: string } | null }
  | { signedIn: true; server: string; email: string; userId: string; me: Me };

/** Who this vault is signed in as, confirmed with the server. */
export async function cloudStatus(vault: UnlockedVault): Promise<CloudStatus> {
  if (loadSession(vault.db) === undefined) {
    const pending = loadPendingSignIn(vault.db);
    return {
      signedIn: false,
      pendingSignIn: pending ? { email: pending.email, server: pending.serverUrl } : null,
    };
  }
  const client = authorizedClient(vault);
  const me = await client.call((token) => client.http.json('GET', '/v1/me', MeSchema, { token }));
  const s = client.session;
  return { signedIn: true, server: s.serverUrl, email: s.email, userId: s.userId, me };
}

/**
 * Ends this device's session on the server and forgets the tokens. The tokens are
 * dropped even when the server cannot be reached, so signing out always works locally.
 */
export async function signOut(vault: UnlockedVault): Promise<{ serverConfirmed: boolean }> {
  if (loadSession(vault.db) === undefined) return { serverConfirmed: false };
  let serverConfirmed = false;
  try {
    const client = authorizedClient(vault);
    await client.call((token) =>
      client.http.json('POST', '/v1/auth/sign-out', SignedOutSchema, { token }),
    );
    serverConfirmed = true;
  } catch (error) {
    if (!(error instanceof CloudError)) throw error;
  }
  clearSession(vault.db);
  clearPendingSignIn(vault.db);
  vault.audit('cloud.signed_out', { serverConfirmed });
  return { serverConfirmed };
}
