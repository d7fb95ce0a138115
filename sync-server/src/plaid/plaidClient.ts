import type { PlaidApi } from 'plaid';
import { z } from 'zod';
import type { ServerConfig } from '../config/env';
import { ApiError } from '../http/errors';

/*
 * The official Plaid SDK, configured from the environment: PLAID_BASE_URL (tests point it
 * at the fake on 127.0.0.1) or PLAID_ENV (sandbox by default). The client id and secret
 * travel as headers, so they are never part of a logged request body. Plaid's error
 * bodies are read through one function, so no route ever echoes one back to a caller.
 * The SDK is large (seconds to load on a busy machine), so it is loaded only when Plaid is
 * configured.
 */

export type PlaidSettings = NonNullable<ServerConfig['plaid']>;

export async function createPlaidApi(settings: PlaidSettings): Promise<PlaidApi> {
  const { Configuration, PlaidApi, PlaidEnvironments } = await import('plaid');
  const basePath =
    settings.baseUrl ?? PlaidEnvironments[settings.env ?? 'sandbox'] ?? PlaidEnvironments.sandbox;
  return new PlaidApi(
    new Configuration({
      basePath,
      baseOptions: {
        headers: {
          'PLAID-CLIENT-ID': settings.clientId,
          'PLAID-SECRET': settings.secret,
          'Plaid-Version': '2020-09-14',
        },
        // A hung bank must not hold a request open forever.
        timeout: 60_000,
      },
    }),
  );
}

const PlaidErrorBody = z.object({
  error_type: z.string(),
  error_code: z.string(),
});

/** Plaid's error_code when `error` is an error response from Plaid, else undefined. */
export function plaidErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = (error as { response?: { data?: unknown } }).response;
  const parsed = PlaidErrorBody.safeParse(response?.data);
  return parsed.success ? parsed.data.error_code : undefined;
}

/** Item states that need the user to sign in to their bank again (update-mode Link). */
export const RECONNECT_CODES = new Set([
  'ITEM_LOGIN_REQUIRED',
  'PENDING_EXPIRATION',
  'PENDING_DISCONNECT',
  'INVALID_CREDENTIALS',
  'INVALID_MFA',
  'ITEM_LOCKED',
  'USER_SETUP_REQUIRED',
]);

/**
 * The error a route answers when a Plaid call failed: a stable code of ours, the Plaid
 * code (not secret, useful to support) and no Plaid message text.
 */
export function plaidFailure(error: unknown): ApiError {
  const code = plaidErrorCode(error);
  if (code !== undefined && RECONNECT_CODES.has(code)) {
    return new ApiError(
      409,
      'bank_reconnect_required',
      `Your bank needs you to sign in again (${code}). Reconnect it from the Banks screen or with \`casike bank link --reconnect\`.`,
    );
  }
  if (code !== undefined) {
    return new ApiError(
      502,
      'plaid_error',
      `The bank connection service refused the request (${code}).`,
    );
  }
  return new ApiError(
    502,
    'plaid_unavailable',
    'The bank connection service did not answer. Try again later.',
  );
}

/** Plaid not configured: the routes answer this instead of crashing. */
export function plaidDisabled(): ApiError {
  return new ApiError(503, 'plaid_disabled', 'Bank linking is not configured on this server.');
}
