import type {
  Contract,
  EventName,
  EventPayload,
  InputOf,
  OutputOf,
} from '../../../src-shared/contract';
import type { budgetsCalls } from '../../../src-shared/contract/budgets';
import type { reportsCalls } from '../../../src-shared/contract/reports';
import { BridgeError, toBridgeError } from './errors';

/**
 * The calls the UI knows: the contract, plus domains whose schemas are written but may not
 * be wired into CONTRACT (and so onto the bridge) yet. Screens for those check `hasCall`
 * first; once wired, the extra intersection is simply redundant.
 */
export type KnownCalls = Contract & typeof budgetsCalls & typeof reportsCalls;
export type KnownChannel = Extract<keyof KnownCalls, string>;
export type CallInput<C extends KnownChannel> = InputOf<KnownCalls[C]>;
export type CallOutput<C extends KnownChannel> = OutputOf<KnownCalls[C]>;

interface RawCall {
  (
    input: unknown,
  ): Promise<
    { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }
  >;
}

/**
 * Calls one contract function on `window.casike` and unwraps its result: resolves with the
 * value, or rejects with a BridgeError carrying the code. A bridge that is missing or that
 * throws (the harness socket dropped) becomes an INTERNAL error, so callers handle one shape.
 */
export async function call<C extends KnownChannel>(
  channel: C,
  input: CallInput<C>,
): Promise<CallOutput<C>> {
  const [domain = '', method = ''] = channel.split('.');
  const group = (window.casike as unknown as Record<string, Record<string, RawCall> | undefined>)[
    domain
  ];
  const fn = group?.[method];
  if (typeof fn !== 'function') throw new BridgeError('UNKNOWN_CALL', channel);
  let result: Awaited<ReturnType<RawCall>>;
  try {
    result = await fn(input);
  } catch {
    throw new BridgeError('INTERNAL', 'the bridge did not answer');
  }
  if (result.ok) return result.value as CallOutput<C>;
  throw toBridgeError(result.error as Parameters<typeof toBridgeError>[0]);
}

/** Subscribes to a contract event; returns the unsubscribe function. */
export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return window.casike.subscribe(event, listener);
}

/** Whether this build of the bridge exposes a call (for screens whose contract is new). */
export function hasCall(channel: string): boolean {
  const [domain, method] = channel.split('.');
  const group = (window.casike as unknown as Record<string, Record<string, unknown> | undefined>)[
    domain ?? ''
  ];
  return typeof group?.[method ?? ''] === 'function';
}
