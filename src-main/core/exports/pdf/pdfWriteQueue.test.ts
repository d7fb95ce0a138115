import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically, type FileSink } from '../atomicFile';
import { _tempDataDir } from '../../vault/_testSupport';
import { PdfWriteQueue } from './pdfWriteQueue';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = _tempDataDir()));
afterEach(() => cleanup());

/** A sink that records each write and finishes it only when told to. */
function heldSink() {
  const writes: Uint8Array[] = [];
  const waiting: (() => void)[] = [];
  const sink: FileSink = {
    write: (chunk) => {
      writes.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
  const releaseAll = () => {
    while (waiting.length > 0) waiting.shift()?.();
  };
  return { sink, writes, waiting, releaseAll };
}

describe('the PDF write queue', () => {
  it('writes every byte in order to a real file, joining small pieces and passing large ones as they are', async () => {
    const pieces: Uint8Array[] = [];
    for (let index = 0; index < 5_000; index += 1) {
      pieces.push(randomBytes(1 + (index % 300)));
      if (index % 700 === 0) pieces.push(randomBytes(300_000));
    }
    const file = join(dir, 'queued.bin');
    let writes = 0;
    await writeFileAtomically(
      file,
      async (sink) => {
        const queue = new PdfWriteQueue({
          write: (chunk) => {
            writes += 1;
            return sink.write(chunk);
          },
        });
        for (let start = 0; start < pieces.length; start += 97) {
          await queue.push(pieces.slice(start, start + 97));
        }
        expect(await queue.close()).toBe(pieces.reduce((all, piece) => all + piece.length, 0));
      },
      { overwrite: false },
    );
    expect(readFileSync(file).equals(Buffer.concat(pieces))).toBe(true);
    // 5,000 small pieces and 8 large ones went out in far fewer writes.
    expect(writes).toBeLessThan(100);
  });

  it('returns at once while little is queued and waits for the disk past the high-water mark', async () => {
    const { sink, writes, releaseAll } = heldSink();
    const queue = new PdfWriteQueue(sink, 1_000);
    const large = randomBytes(800);
    await queue.push([large]); // below the mark: returns while the write is still held
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBe(large); // not copied
    let returned = false;
    const pushing = queue.push([randomBytes(800)]).then(() => (returned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toBe(false); // 1,600 bytes queued: it waits
    releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    releaseAll();
    await pushing;
    expect(returned).toBe(true);
    const closing = queue.close();
    releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    releaseAll();
    expect(await closing).toBe(1_600);
  });

  it('reports a write error on the next push and on close', async () => {
    let calls = 0;
    const queue = new PdfWriteQueue(
      {
        write: () => {
          calls += 1;
          return calls === 2 ? Promise.reject(new Error('disk full')) : Promise.resolve();
        },
      },
      10,
    );
    await queue.push([randomBytes(100_000)]);
    await expect(queue.push([randomBytes(100_000)])).rejects.toThrow('disk full');
    await expect(queue.push([randomBytes(10)])).rejects.toThrow('disk full');
    await expect(queue.close()).rejects.toThrow('disk full');
  });
});
