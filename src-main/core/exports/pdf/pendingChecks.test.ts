import { describe, expect, it } from 'vitest';
import { PendingChecks } from './pendingChecks';

/** A check that settles only when told to. */
function heldCheck() {
  let pass = () => {};
  let fail = (_error: Error) => {};
  const promise = new Promise<void>((resolve, reject) => {
    pass = resolve;
    fail = reject;
  });
  return { promise, pass: () => pass(), fail: (error: Error) => fail(error) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('pending checks', () => {
  it('lets `limit` run at once and waits for the oldest beyond that', async () => {
    const checks = new PendingChecks(2);
    const held = [heldCheck(), heldCheck(), heldCheck()];
    await checks.add(held[0]?.promise ?? Promise.resolve());
    await checks.add(held[1]?.promise ?? Promise.resolve());
    let third = false;
    const adding = checks.add(held[2]?.promise ?? Promise.resolve()).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    held[0]?.pass();
    await adding;
    expect(third).toBe(true);
    held[1]?.pass();
    held[2]?.pass();
    await expect(checks.all()).resolves.toBeUndefined();
  });

  it('throws the first failure from `all`, even one that failed while nobody waited on it', async () => {
    const checks = new PendingChecks(4);
    const first = heldCheck();
    await checks.add(first.promise);
    await checks.add(Promise.resolve());
    first.fail(new Error('a stored receipt does not match its recorded hash'));
    await tick(); // no unhandled rejection: the failure is kept for later
    await expect(checks.all()).rejects.toThrow(/does not match/);
  });
});
