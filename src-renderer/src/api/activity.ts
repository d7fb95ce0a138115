import { useEffect } from 'react';
import { call } from './client';

/** At most one `vault.touch` per this many milliseconds: enough for minute-level auto-lock. */
export const TOUCH_INTERVAL_MS = 30_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'input'] as const;

/**
 * Reports user activity to the core while the vault is unlocked, so auto-lock counts real
 * inactivity. Throttled: the first event after a quiet interval sends one touch.
 */
export function useActivityTouch(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const onActivity = (): void => {
      const now = Date.now();
      if (now - last < TOUCH_INTERVAL_MS) return;
      last = now;
      // A failed touch is harmless: at worst the vault locks on time and says so.
      call('vault.touch', {}).catch(() => undefined);
    };
    for (const name of ACTIVITY_EVENTS) {
      window.addEventListener(name, onActivity, { capture: true, passive: true });
    }
    return () => {
      for (const name of ACTIVITY_EVENTS) {
        window.removeEventListener(name, onActivity, { capture: true });
      }
    };
  }, [active]);
}
