import type { z } from 'zod';
import {
  CONTRACT,
  type CallError,
  type CallResult,
  type Channel,
  type ErrorCode,
} from '../../../src-shared/contract';
import { CoreError } from '../coreError';
import { VaultError, type VaultErrorCode } from '../vault';
import type { Handler, HandlerContext, HandlerMap } from './handlerTypes';

export type Dispatch = (channel: string, input: unknown) => Promise<CallResult<unknown>>;

const VAULT_CODES: Record<VaultErrorCode, ErrorCode> = {
  NO_VAULT: 'NO_VAULT',
  VAULT_EXISTS: 'VAULT_EXISTS',
  WRONG_SECRET: 'WRONG_SECRET',
  BAD_INPUT: 'VALIDATION',
  KEYCHAIN_UNAVAILABLE: 'KEYCHAIN_UNAVAILABLE',
  KEYCHAIN_NOT_ENABLED: 'KEYCHAIN_UNAVAILABLE',
  LOCKED: 'LOCKED',
  BUSY: 'BUSY',
  DAMAGED: 'DAMAGED',
};

/**
 * The single path every call takes, whatever the transport (Electron IPC, the web
 * harness's WebSocket): known channel → input parsed by the contract → handler →
 * output parsed by the contract → `{ok, value}`. No handler ever sees unparsed input,
 * and errors leave as `{code, message}` only.
 */
export function createDispatcher(
  handlers: HandlerMap<Channel>,
  ctx: HandlerContext,
  onInternalError: (channel: string, error: unknown) => void = () => undefined,
): Dispatch {
  return async (channel, rawInput) => {
    if (typeof channel !== 'string' || !Object.hasOwn(CONTRACT, channel)) {
      return failure('UNKNOWN_CALL', 'unknown call');
    }
    const name = channel as Channel;
    const spec = CONTRACT[name] as { input: z.ZodType; output: z.ZodType };
    let parsed: ReturnType<z.ZodType['safeParse']>;
    try {
      parsed = spec.input.safeParse(rawInput);
    } catch {
      // A throwing getter or a Proxy: zod lets those errors through. Still just bad input.
      return failure('VALIDATION', 'invalid input');
    }
    if (!parsed.success) return failure('VALIDATION', describeIssue(parsed.error));
    try {
      const handler = handlers[name] as Handler<Channel>;
      const value = await ctx.session.serialize(() => handler(parsed.data as never, ctx));
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        onInternalError(name, checked.error);
        return failure('INTERNAL', 'internal error');
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      const known = toCallError(error);
      if (!known) {
        onInternalError(name, error);
        return failure('INTERNAL', 'internal error');
      }
      return { ok: false, error: known };
    }
  };
}

/** Merges per-domain handler maps, refusing a channel handled twice. */
export function mergeHandlers(
  ...maps: readonly Partial<Record<Channel, unknown>>[]
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [channel, handler] of Object.entries(map)) {
      if (Object.hasOwn(merged, channel)) throw new Error(`channel ${channel} has two handlers`);
      merged[channel] = handler;
    }
  }
  return merged;
}

function toCallError(error: unknown): CallError | null {
  if (error instanceof CoreError) return { code: error.code, message: oneLine(error.message) };
  if (error instanceof VaultError)
    return { code: VAULT_CODES[error.code], message: oneLine(error.message) };
  return null;
}

/** The first problem, as `field: message`, one line; values are not echoed back. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return oneLine(`${path}${issue.message}`);
}

function oneLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 500);
}

function failure(code: ErrorCode, message: string): CallResult<never> {
  return { ok: false, error: { code, message } };
}
