import { describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload } from '../../src-shared/contract';
import { createEventForwarder, type EventSink } from './eventForwarder';

function sink(destroyed = false) {
  const sent: unknown[][] = [];
  const target: EventSink = {
    send: (channel, ...args) => sent.push([channel, ...args]),
    isDestroyed: () => destroyed,
  };
  return { target, sent };
}

describe('createEventForwarder', () => {
  it('sends a valid event to the window, with only the declared fields', () => {
    const { target, sent } = sink();
    const emit = createEventForwarder(() => target);
    const payload = {
      reason: 'inactivity',
      extra: 'not in the schema',
    } as EventPayload<'vault.locked'>;
    emit('vault.locked', payload);
    expect(sent).toEqual([['vault.locked', { reason: 'inactivity' }]]);
  });

  it('drops an invalid payload', () => {
    const { target, sent } = sink();
    const dropped = vi.fn();
    const emit = createEventForwarder(() => target, dropped);
    emit('vault.locked', { reason: 'because' } as unknown as EventPayload<'vault.locked'>);
    expect(sent).toEqual([]);
    expect(dropped).toHaveBeenCalledWith('vault.locked', 'invalid-payload');
  });

  it('drops events that are not in the contract', () => {
    const { target, sent } = sink();
    const dropped = vi.fn();
    const emit = createEventForwarder(() => target, dropped);
    for (const name of ['vault.unlocked', '__proto__', 'toString']) {
      emit(name as EventName, {} as EventPayload<'vault.locked'>);
    }
    expect(sent).toEqual([]);
    expect(dropped).toHaveBeenCalledTimes(3);
  });

  it('drops events when there is no window or it is destroyed', () => {
    const dropped = vi.fn();
    createEventForwarder(() => undefined, dropped)('vault.locked', { reason: 'user' });
    const { target, sent } = sink(true);
    createEventForwarder(() => target, dropped)('vault.locked', { reason: 'user' });
    expect(sent).toEqual([]);
    expect(dropped).toHaveBeenCalledWith('vault.locked', 'no-window');
  });
});
