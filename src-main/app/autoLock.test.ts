import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { lockOnSystemLock } from './autoLock';

describe('lockOnSystemLock', () => {
  it('locks on lock-screen and on suspend, and on nothing else', () => {
    const monitor = new EventEmitter();
    const lock = vi.fn();
    lockOnSystemLock(monitor, lock);
    monitor.emit('resume');
    monitor.emit('unlock-screen');
    expect(lock).not.toHaveBeenCalled();
    monitor.emit('lock-screen');
    monitor.emit('suspend');
    expect(lock).toHaveBeenCalledTimes(2);
  });
});
