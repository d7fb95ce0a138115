import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { _tempDataDir } from '../vault/_testSupport';
import { AppSession } from './appSession';

const PASS = 'session test passphrase';
let dataDir: string;
let cleanup: () => void;

beforeEach(() => ({ dir: dataDir, cleanup } = _tempDataDir()));
afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

describe('app session', () => {
  it('locks after the configured inactivity, emits vault.locked, and needs the passphrase again', async () => {
    const events: unknown[] = [];
    const session = new AppSession({
      dataDir,
      emit: (event, payload) => events.push([event, payload]),
    });
    await session.create(PASS);
    session.setAutoLockMinutes(2);
    vi.useFakeTimers();
    session.touch();
    vi.advanceTimersByTime(90_000);
    session.touch(); // activity restarts the clock
    vi.advanceTimersByTime(90_000);
    expect(session.isUnlocked()).toBe(true);
    vi.advanceTimersByTime(31_000);
    expect(session.isUnlocked()).toBe(false);
    expect(events).toEqual([['vault.locked', { reason: 'inactivity' }]]);
    expect(() => session.requireVault()).toThrow(/locked/);
    vi.useRealTimers();
    await expect(session.unlock({ method: 'keychain' })).rejects.toMatchObject({
      code: 'KEYCHAIN_NOT_ENABLED',
    });
    await session.unlock({ method: 'passphrase', passphrase: PASS });
    expect((await session.status()).autoLockMinutes).toBe(2);
    session.lock('user');
  });

  it('runs calls one at a time, in order, even when one fails', async () => {
    const session = new AppSession({ dataDir });
    const order: string[] = [];
    const slow = session.serialize(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('slow');
      throw new Error('boom');
    });
    const fast = session.serialize(() => {
      order.push('fast');
      return 1;
    });
    await expect(slow).rejects.toThrow('boom');
    await expect(fast).resolves.toBe(1);
    expect(order).toEqual(['slow', 'fast']);
  });
});
