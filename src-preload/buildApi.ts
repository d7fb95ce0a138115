// Type-only: erased at build time, so the contract's zod schemas never enter the preload
// bundle. Only channels.ts (plain strings) is imported as a value.
import type { CasikeApi } from '../src-shared/contract';
import { CHANNELS, EVENT_NAMES } from '../src-shared/contract/channels';

/**
 * A raw event listener as Electron calls it: the IPC event first, then the payload.
 * The bridge drops the IPC event; the page only ever sees the payload.
 */
export type RawListener = (ipcEvent: unknown, payload: unknown) => void;

/** How the bridge reaches the main process. In the preload, these are `ipcRenderer`'s. */
export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, listener: RawListener): void;
  off(event: string, listener: RawListener): void;
}

const CHANNEL_NAME = /^([a-z]+)\.([a-zA-Z]+)$/;

/**
 * Builds `window.casike` from the contract's channel names: `api[domain][method](input)`
 * invokes `domain.method` with that one input, plus `subscribe(event, listener)` for the
 * contract's event names only. Every object and function is frozen, and nothing else is
 * reachable from it: no transport, no IPC event, no way to name another channel.
 */
export function buildCasikeApi(transport: BridgeTransport): CasikeApi {
  const domains = new Map<string, Record<string, (input: unknown) => Promise<unknown>>>();
  for (const channel of CHANNELS) {
    const match = CHANNEL_NAME.exec(channel);
    const domain = match?.[1];
    const method = match?.[2];
    if (domain === undefined || method === undefined || domain === 'subscribe') {
      throw new Error(`bad channel name: ${channel}`);
    }
    const methods = domains.get(domain) ?? {};
    if (Object.hasOwn(methods, method)) throw new Error(`channel listed twice: ${channel}`);
    // One parameter: whatever else the page passes is not forwarded.
    methods[method] = Object.freeze((input: unknown) => transport.invoke(channel, input));
    domains.set(domain, methods);
  }

  const api: Record<string, unknown> = {};
  for (const [domain, methods] of domains) api[domain] = Object.freeze(methods);
  api.subscribe = Object.freeze(createSubscribe(transport));
  return Object.freeze(api) as unknown as CasikeApi;
}

function createSubscribe(transport: BridgeTransport) {
  const allowed = new Set<string>(EVENT_NAMES);
  return (event: unknown, listener: unknown): (() => void) => {
    // The page is untrusted: check at run time what the types only promise.
    if (typeof event !== 'string' || !allowed.has(event)) {
      throw new TypeError('casike.subscribe: unknown event');
    }
    if (typeof listener !== 'function') {
      throw new TypeError('casike.subscribe: listener must be a function');
    }
    const call = listener as (payload: unknown) => void;
    const raw: RawListener = (_ipcEvent, payload) => call(payload);
    transport.on(event, raw);
    let subscribed = true;
    return Object.freeze(() => {
      if (!subscribed) return;
      subscribed = false;
      transport.off(event, raw);
    });
  };
}
