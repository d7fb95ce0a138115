import { z } from 'zod';

/**
 * Every error code a contract call can answer with. Errors cross the bridge as
 * `{code, message}` only: never a stack, a path, SQL or a secret.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_CALL',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'NO_VAULT',
  'VAULT_EXISTS',
  'LOCKED',
  'WRONG_SECRET',
  'KEYCHAIN_UNAVAILABLE',
  'BUSY',
  'DAMAGED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const CallErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string().max(500),
});
export type CallError = z.infer<typeof CallErrorSchema>;

/** What every call resolves to. The renderer unwraps it; nothing is thrown across the bridge. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };
