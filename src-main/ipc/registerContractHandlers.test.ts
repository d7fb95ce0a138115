import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, CONTRACT, type CallResult } from '../../src-shared/contract';
import type { Dispatch } from '../core/api';
import { registerContractHandlers, type InvokeHandlerRegistry } from './registerContractHandlers';

interface FakeEvent {
  trusted: boolean;
}
type Listener = (event: FakeEvent, ...args: unknown[]) => Promise<CallResult<unknown>>;

/** Records what would have been registered on Electron's ipcMain. */
class FakeIpcMain implements InvokeHandlerRegistry<FakeEvent> {
  readonly calls: string[] = [];
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    this.calls.push(channel);
    this.handlers.set(channel, listener);
  }

  invoke(channel: string, event: FakeEvent, ...args: unknown[]): Promise<CallResult<unknown>> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener(event, ...args);
  }
}

function setup(dispatchImpl?: Dispatch) {
  const ipc = new FakeIpcMain();
  const dispatch = vi.fn<Dispatch>(
    dispatchImpl ?? ((channel) => Promise.resolve({ ok: true, value: { channel } })),
  );
  const handlers = registerContractHandlers(ipc, dispatch, (event) => event.trusted);
  return { ipc, dispatch, handlers };
}

describe('registerContractHandlers', () => {
  it('registers every contract channel exactly once, and nothing else', () => {
    const { ipc } = setup();
    expect([...ipc.calls].sort()).toEqual([...CHANNELS].sort());
    expect([...ipc.calls].sort()).toEqual(Object.keys(CONTRACT).sort());
    expect(new Set(ipc.calls).size).toBe(ipc.calls.length);
  });

  it('passes a trusted call with its single argument to dispatch', async () => {
    const { ipc, dispatch } = setup();
    for (const channel of CHANNELS) {
      const input = { probe: channel };
      await expect(ipc.invoke(channel, { trusted: true }, input)).resolves.toEqual({
        ok: true,
        value: { channel },
      });
      expect(dispatch).toHaveBeenLastCalledWith(channel, input);
    }
    expect(dispatch).toHaveBeenCalledTimes(CHANNELS.length);
  });

  it('refuses a foreign sender with FORBIDDEN and never calls dispatch', async () => {
    const { ipc, dispatch } = setup();
    for (const channel of CHANNELS) {
      const result = await ipc.invoke(channel, { trusted: false }, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('treats a sender check that throws as FORBIDDEN', async () => {
    const ipc = new FakeIpcMain();
    const dispatch = vi.fn<Dispatch>();
    registerContractHandlers(ipc, dispatch, () => {
      throw new Error('frame disposed');
    });
    const channel = CHANNELS[0];
    await expect(ipc.invoke(channel, { trusted: true }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses extra arguments without calling dispatch', async () => {
    const { ipc, dispatch } = setup();
    const result = await ipc.invoke(CHANNELS[0], { trusted: true }, {}, 'extra');
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('answers INTERNAL, not a thrown error, if dispatch ever rejects', async () => {
    const { ipc } = setup(() => Promise.reject(new Error('/home/user/secret path')));
    const result = await ipc.invoke(CHANNELS[0], { trusted: true }, {});
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
  });

  it('answers BUSY after refuseCalls, without calling dispatch', async () => {
    const { ipc, dispatch, handlers } = setup();
    handlers.refuseCalls();
    const result = await ipc.invoke(CHANNELS[0], { trusted: true }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(dispatch).not.toHaveBeenCalled();
  });
});
