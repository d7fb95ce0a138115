/**
 * The OS signals that mean "the user stepped away": the screen locked, or the machine
 * is going to sleep. Electron's `powerMonitor` fits (only usable once the app is ready).
 */
export interface SystemLockSource {
  on(event: 'lock-screen', listener: () => void): unknown;
  on(event: 'suspend', listener: () => void): unknown;
}

/**
 * Locks the vault when the OS screen locks or the system suspends (DESIGN.md "The
 * vault": auto-lock on OS lock/suspend), so a laptop left asleep never wakes with the
 * data key in memory. `lock` is the session's `lock('system')`.
 */
export function lockOnSystemLock(source: SystemLockSource, lock: () => void): void {
  source.on('lock-screen', lock);
  source.on('suspend', lock);
}
