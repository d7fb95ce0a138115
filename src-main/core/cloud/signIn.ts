import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { z } from 'zod';
import {
  MagicLinkRequestedSchema,
  MeSchema,
  MfaSignedInSchema,
  MfaStatusSchema,
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
import { forgetTrustedDevice, saveTrustedDevice, trustedDeviceTokenFor } from './trustedDevice';

type SignInResult = z.output<typeof SignInResultSchema>;

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

export function deviceName(): string {
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

export type SecondFactor = { code: string } | { recoveryCode: string };

/** How a sign-in answers an MFA challenge, and whether to trust this device afterwards. */
export interface SecondFactorOptions {
  now?: () => Date;
  /**
   * Asked only when the account has two-step sign-in on and this device is not trusted:
   * a TOTP code or a recovery code. `attempt` counts from 1; a prompt may ask again after
   * a wrong code, up to `secondFactorAttempts` times.
   */
  secondFactor?: (attempt: number) => Promise<SecondFactor>;
  /** 1 unless the caller can ask the person again (a prompt). At most 3. */
  secondFactorAttempts?: number;
  /** After passing MFA, ask the server to trust this device for 30 days. */
  trustDevice?: boolean;
}

export type CompleteSignInOptions = SecondFactorOptions;

export interface SignedIn {
  email: string;
  server: string;
  userId: string;
  mfa: boolean;
  /** True when a trusted-device token skipped the second factor. */
  mfaSkipped: boolean;
  /** True when this device is now trusted (it asked, after passing MFA). */
  deviceTrusted: boolean;
}

/**
 * The end of every sign-in, whatever its first factor: answers the MFA challenge if there
 * is one, keeps a trusted-device token if one was granted, and saves the session. Runs
 * `commit` in the same vault transaction as the session (it clears the pending sign-in).
 */
export async function finishSignIn(
  vault: UnlockedVault,
  http: CloudHttp,
  first: SignInResult,
  who: { server: string; email: string | undefined; method: 'magic_link' | 'oidc' },
  sentTrustedToken: boolean,
  options: SecondFactorOptions,
  commit: () => void = () => undefined,
): Promise<SignedIn> {
  const now = options.now ?? (() => new Date());
  let pair: TokenPair;
  let trusted: { token: string; expiresAt: string } | undefined;
  if ('status' in first) {
    // A token that was sent and still earned a challenge is revoked or expired: drop it.
    if (sentTrustedToken) forgetTrustedDevice(vault.db);
    const ask = options.secondFactor;
    if (ask === undefined) {
      commit();
      throw new CloudError(
        'rejected',
        'this account uses two-step sign-in: sign in again with --mfa-code or --recovery-code',
      );
    }
    const attempts = Math.min(Math.max(options.secondFactorAttempts ?? 1, 1), 3);
    for (let attempt = 1; ; attempt += 1) {
      const factor = await ask(attempt);
      try {
        const answer = await http.json('POST', '/v1/auth/mfa/verify', MfaSignedInSchema, {
          body: {
            mfaToken: first.mfaToken,
            ...factor,
            ...(options.trustDevice === true ? { trustDevice: true } : {}),
          },
        });
        pair = answer;
        if (answer.trustedDeviceToken !== undefined)
          trusted = {
            token: answer.trustedDeviceToken,
            expiresAt:
              answer.trustedDeviceExpiresAt ??
              new Date(now().getTime() + 30 * 24 * 3600 * 1000).toISOString(),
          };
        break;
      } catch (error) {
        if (!(error instanceof CloudError) || error.serverCode !== 'invalid_mfa') throw error;
        if (attempt < attempts) continue;
        // The first factor is used up with the challenge; the pending verifier is useless.
        commit();
        throw new CloudError(
          'rejected',
          'that two-step code is wrong or was already used; sign in again with `casike cloud login`',
          error.serverCode,
          error.status,
        );
      }
    }
  } else {
    pair = first;
  }
  let email = who.email;
  if (email === undefined) {
    // OIDC: the provider, not the person, named the address; ask the server whose it is.
    const me = await http.json('GET', '/v1/me', MeSchema, { token: pair.accessToken });
    email = me.user.email;
  }
  const db = vault.db;
  const mfa = 'status' in first;
  db.transaction(() => {
    saveSession(db, sessionFrom(who.server, email, pair, now()));
    if (trusted !== undefined) saveTrustedDevice(db, { serverUrl: who.server, ...trusted });
    commit();
  })();
  const mfaSkipped = !mfa && sentTrustedToken && (await accountHasMfa(http, pair.accessToken));
  vault.audit('cloud.signed_in', {
    method: who.method,
    mfa,
    mfaSkipped,
    deviceTrusted: trusted !== undefined,
  });
  return {
    email,
    server: who.server,
    userId: pair.userId,
    mfa,
    mfaSkipped,
    deviceTrusted: trusted !== undefined,
  };
}

/** Whether the account has TOTP on (to tell "skipped by trust" from "no MFA at all"). */
async function accountHasMfa(http: CloudHttp, accessToken: string): Promise<boolean> {
  try {
    const status = await http.json('GET', '/v1/account/mfa', MfaStatusSchema, {
      token: accessToken,
    });
    return status.enabled;
  } catch {
    return false;
  }
}

export async function completeSignIn(
  vault: UnlockedVault,
  linkOrCode: string,
  options: CompleteSignInOptions = {},
): Promise<SignedIn> {
  const now = options.now ?? (() => new Date());
  const pending = loadPendingSignIn(vault.db);
  if (pending === undefined)
    throw new CloudError(
      'no_pending_sign_in',
      'no sign-in is waiting on this device; run `casike cloud login EMAIL` first',
    );
  const token = signInTokenFrom(linkOrCode, pending.serverUrl);
  const http = new CloudHttp({ baseUrl: checkCloudUrl(pending.serverUrl) });
  const trustedDeviceToken = trustedDeviceTokenFor(vault.db, pending.serverUrl, now());
  const first = await http.json('POST', '/v1/auth/magic-link/verify', SignInResultSchema, {
    body: {
      token,
      codeVerifier: pending.codeVerifier,
      ...(trustedDeviceToken === undefined ? {} : { trustedDeviceToken }),
    },
  });
  return finishSignIn(
    vault,
    http,
    first,
    { server: pending.serverUrl, email: pending.email, method: 'magic_link' },
    trustedDeviceToken !== undefined,
    options,
    () => clearPendingSignIn(vault.db),
  );
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
