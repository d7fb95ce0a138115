import { describe, expect, it } from 'vitest';
import { CHANNELS, CONTRACT, EVENT_NAMES } from '../src-shared/contract';
import { buildCasikeApi, type BridgeTransport, type RawListener } from './buildApi';

class FakeTransport implements BridgeTransport {
  readonly invoked: [string, unknown][] = [];
  readonly listeners = new Map<string, RawListener[]>();

  invoke(channel: string, input: unknown): Promise<unknown> {
    this.invoked.push([channel, input]);
    return Promise.resolve({ ok: true, value: channel });
  }
  on(event: string, listener: RawListener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  off(event: string, listener: RawListener): void {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
  }
  /** Emits the way ipcRenderer does: IPC event first, then the payload. */
  emit(event: string, payload: unknown): void {
    const ipcEvent = { sender: { secret: 'ipcRenderer' }, ports: [] };
    for (const listener of this.listeners.get(event) ?? []) listener(ipcEvent, payload);
  }
}

/** `domain.method` for every function one level down, plus the top-level keys. */
function exposedShape(api: object) {
  const functions: string[] = [];
  for (const [domain, value] of Object.entries(api)) {
    if (domain === 'subscribe') continue;
    for (const [method, fn] of Object.entries(value as object)) {
      expect(typeof fn).toBe('function');
      functions.push(`${domain}.${method}`);
    }
  }
  return { top: Object.keys(api).sort(), functions: functions.sort() };
}

describe('buildCasikeApi', () => {
  const transport = new FakeTransport();
  const api = buildCasikeApi(transport);

  it('exposes exactly the contract functions, grouped by domain, plus subscribe', () => {
    const { top, functions } = exposedShape(api);
    expect(functions).toEqual([...CHANNELS].sort());
    expect(functions).toEqual(Object.keys(CONTRACT).sort());
    const domains = new Set(CHANNELS.map((c) => c.split('.')[0]));
    expect(top).toEqual([...domains, 'subscribe'].sort());
    expect(typeof api.subscribe).toBe('function');
  });

  it('has no symbol or non-enumerable extras', () => {
    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
    expect(Object.getOwnPropertyNames(api).sort()).toEqual(Object.keys(api).sort());
    for (const [key, value] of Object.entries(api)) {
      if (key === 'subscribe') continue;
      expect(Object.getOwnPropertyNames(value).sort()).toEqual(Object.keys(value as object).sort());
    }
  });

  it('freezes every level, functions included', () => {
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.subscribe)).toBe(true);
    for (const [key, value] of Object.entries(api)) {
      if (key === 'subscribe') continue;
      expect(Object.isFrozen(value)).toBe(true);
      for (const fn of Object.values(value as object)) expect(Object.isFrozen(fn)).toBe(true);
    }
    expect(() => {
      (api as unknown as Record<string, unknown>).evil = 1;
    }).toThrow(TypeError);
    expect(() => {
      (api.vault as unknown as Record<string, unknown>).status = () => 'hijacked';
    }).toThrow(TypeError);
  });

  it('invokes the matching channel with exactly one input', async () => {
    transport.invoked.length = 0;
    for (const channel of CHANNELS) {
      const [domain = '', method = ''] = channel.split('.');
      const fn = (
        api as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>
      )[domain]?.[method];
      const input = { n: channel };
      await expect(fn?.(input, 'ignored extra')).resolves.toEqual({ ok: true, value: channel });
    }
    expect(transport.invoked).toEqual(CHANNELS.map((c) => [c, { n: c }]));
  });

  it('refuses to subscribe to anything but the contract events', () => {
    const subscribe = api.subscribe as unknown as (event: unknown, listener: unknown) => unknown;
    for (const bad of [
      'vault.unlocked',
      'vault.status',
      '',
      '__proto__',
      'ELECTRON_BROWSER_WINDOW_ALERT',
      42,
      null,
      undefined,
      {},
    ]) {
      expect(() => subscribe(bad, () => undefined)).toThrow(TypeError);
    }
    expect(() => subscribe(EVENT_NAMES[0], 'not a function')).toThrow(TypeError);
    expect(transport.listeners.size).toBe(0);
  });

  it('hands the listener the payload only, never the IPC event', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.subscribe('vault.locked', (...args: unknown[]) => {
      received.push(args);
    });
    transport.emit('vault.locked', { reason: 'user' });
    expect(received).toEqual([[{ reason: 'user' }]]);

    unsubscribe();
    unsubscribe(); // a second call is harmless
    transport.emit('vault.locked', { reason: 'system' });
    expect(received).toHaveLength(1);
    expect(transport.listeners.get('vault.locked')).toEqual([]);
    expect(Object.isFrozen(unsubscribe)).toBe(true);
  });

  it('keeps separate subscriptions of the same listener independent', () => {
    const seen: unknown[] = [];
    const listener = (payload: unknown) => seen.push(payload);
    const first = api.subscribe('task.progress', listener);
    const second = api.subscribe('task.progress', listener);
    first();
    transport.emit('task.progress', { taskId: 't', kind: 'import', done: 1, total: null });
    expect(seen).toHaveLength(1);
    second();
  });
});
