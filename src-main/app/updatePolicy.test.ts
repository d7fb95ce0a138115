import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  UPDATE_CHECK_INTERVAL_MS,
  UPDATER_SETTINGS,
  displayVersion,
  startUpdateFlow,
  type IntervalTimers,
  type UpdaterLike,
} from './updatePolicy';

/** A clock that only moves when the test says so. */
class ManualClock implements IntervalTimers {
  private now = 0;
  private readonly intervals = new Map<
    number,
    { callback: () => void; ms: number; next: number }
  >();
  private nextId = 1;

  setInterval(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.intervals.set(id, { callback, ms, next: this.now + ms });
    return id;
  }
  clearInterval(handle: unknown): void {
    this.intervals.delete(handle as number);
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.intervals.values()].filter((t) => t.next <= end);
      if (due.length === 0) break;
      const first = due.reduce((a, b) => (a.next <= b.next ? a : b));
      this.now = first.next;
      first.next += first.ms;
      first.callback();
      await flush();
    }
    this.now = end;
  }
  get active(): number {
    return this.intervals.size;
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Stands in for electron-updater's autoUpdater: records calls, emits its events. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = true; // electron-updater's own defaults, which the flow must change
  allowPrerelease = true;
  allowDowngrade = true;
  forceDevUpdateConfig = true;
  checks = 0;
  installs: unknown[][] = [];
  checkResult: () => Promise<unknown> = () => Promise.resolve(null);

  checkForUpdates(): Promise<unknown> {
    this.checks++;
    return this.checkResult();
  }
  quitAndInstall(...args: unknown[]): void {
    this.installs.push(args);
  }
}

function setup(answer: (version: string) => Promise<boolean> = () => Promise.resolve(false)) {
  const updater = new FakeUpdater();
  const clock = new ManualClock();
  const askToRestart = vi.fn(answer);
  const beforeInstall = vi.fn();
  const log = vi.fn();
  const flow = startUpdateFlow({ updater, timers: clock, askToRestart, beforeInstall, log });
  return { updater, clock, askToRestart, beforeInstall, log, flow };
}

const HOUR = 60 * 60 * 1000;

describe('update flow', () => {
  it('downloads in the background and never installs on quit', () => {
    const { updater } = setup();
    expect(UPDATER_SETTINGS).toEqual({
      autoDownload: true,
      autoInstallOnAppQuit: false,
      allowPrerelease: false,
      allowDowngrade: false,
      forceDevUpdateConfig: false,
    });
    expect(updater).toMatchObject(UPDATER_SETTINGS);
  });

  it('checks on start and every 6 hours, and stops when told', async () => {
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(6 * HOUR);
    const { updater, clock, flow } = setup();
    expect(updater.checks).toBe(1);
    await clock.advance(6 * HOUR - 1);
    expect(updater.checks).toBe(1);
    await clock.advance(1);
    expect(updater.checks).toBe(2);
    await clock.advance(12 * HOUR);
    expect(updater.checks).toBe(4);
    flow.stop();
    expect(clock.active).toBe(0);
    await clock.advance(24 * HOUR);
    expect(updater.checks).toBe(4);
  });

  it('never runs two checks at once, and survives a failing check', async () => {
    let release: () => void = () => undefined;
    const { updater, clock, log } = setup();
    updater.checkResult = () => new Promise((resolve) => (release = () => resolve(null)));
    await clock.advance(6 * HOUR); // starts a check that hangs
    await clock.advance(6 * HOUR); // skipped: the previous one is still running
    expect(updater.checks).toBe(2);
    release();
    await flush();
    updater.checkResult = () => Promise.reject(new TypeError('getaddrinfo ENOTFOUND updates'));
    await clock.advance(6 * HOUR);
    expect(updater.checks).toBe(3);
    expect(log).toHaveBeenLastCalledWith('casike: update check failed (TypeError)');
    updater.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED https://updates/x.yml'));
    expect(log).toHaveBeenLastCalledWith('casike: updater error (Error)');
  });

  it('asks before restarting, and installs nothing while the user says later', async () => {
    const { updater, clock, askToRestart, beforeInstall } = setup();
    updater.emit('update-downloaded', { version: '1.2.3' });
    await flush();
    expect(askToRestart).toHaveBeenCalledExactlyOnceWith('1.2.3');
    expect(updater.installs).toEqual([]);
    expect(beforeInstall).not.toHaveBeenCalled();

    // The next tick asks again instead of checking; still nothing installed.
    await clock.advance(6 * HOUR);
    expect(askToRestart).toHaveBeenCalledTimes(2);
    expect(updater.checks).toBe(1);
    expect(updater.installs).toEqual([]);
  });

  it('locks first, then quits and installs, once the user agrees', async () => {
    const order: string[] = [];
    const { updater, beforeInstall } = setup(() => Promise.resolve(true));
    beforeInstall.mockImplementation(() => order.push('lock'));
    const install = updater.quitAndInstall.bind(updater);
    updater.quitAndInstall = (...args) => {
      order.push('install');
      install(...args);
    };
    updater.emit('update-downloaded', { version: '1.2.3' });
    await flush();
    expect(order).toEqual(['lock', 'install']);
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('shows one question at a time, and treats a failed dialog as "later"', async () => {
    let answer: (yes: boolean) => void = () => undefined;
    const { updater, askToRestart, log } = setup(
      () => new Promise<boolean>((resolve) => (answer = resolve)),
    );
    updater.emit('update-downloaded', { version: '1.2.3' });
    updater.emit('update-downloaded', { version: '1.2.3' });
    await flush();
    expect(askToRestart).toHaveBeenCalledTimes(1);
    answer(false);
    await flush();
    askToRestart.mockImplementationOnce(() => Promise.reject(new Error('no window')));
    updater.emit('update-downloaded', { version: '1.2.4' });
    await flush();
    expect(updater.installs).toEqual([]);
    expect(log).toHaveBeenLastCalledWith(
      'casike: could not ask about the update; will ask again later',
    );
  });

  it('shows only a well-formed version number to the user', () => {
    expect(displayVersion('2.0.1')).toBe('version 2.0.1');
    expect(displayVersion('2.0.1-beta.3')).toBe('version 2.0.1-beta.3');
    expect(displayVersion('2.0.1\nClick OK to continue')).toBe('a new version');
    expect(displayVersion(undefined)).toBe('a new version');
  });
});
