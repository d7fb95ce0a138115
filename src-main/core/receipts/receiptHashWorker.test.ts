import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptHashWorker } from './receiptHashWorker';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let hasher: ReceiptHashWorker;
afterEach(() => hasher.close());

describe('the receipt hash worker', () => {
  it('hashes on a worker thread, moving a whole buffer and copying a slice of a shared one', async () => {
    hasher = new ReceiptHashWorker();
    const whole = randomBytes(300_000);
    const expected = sha256(whole);
    const pooled = Buffer.from('a small receipt'); // a slice of Node's shared pool
    const pooledHash = sha256(pooled);
    const results = await Promise.all([
      hasher.sha256(whole),
      hasher.sha256(pooled),
      hasher.sha256(Buffer.alloc(0)),
    ]);
    expect(results).toEqual([expected, pooledHash, sha256(new Uint8Array(0))]);
    expect(whole).toHaveLength(0); // its memory went to the worker
    expect(pooled.toString()).toBe('a small receipt'); // the pool is left alone
  });

  it('fails waiting hashes when stopped, and refuses new ones', async () => {
    hasher = new ReceiptHashWorker();
    const waiting = hasher.sha256(randomBytes(1_000_000));
    // Attached before close: close rejects it at once, and a rejection with no handler
    // yet is an unhandled one.
    const refused = expect(waiting).rejects.toThrow(/stopped/);
    await hasher.close();
    await refused;
    await expect(hasher.sha256(randomBytes(10))).rejects.toThrow(/stopped/);
  });
});
