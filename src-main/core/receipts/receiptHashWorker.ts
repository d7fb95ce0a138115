import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program, plain CommonJS so it runs the same under tsx, vitest and
 * the bundled Electron main process (no file to locate or compile).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', (job) => {
  const sha256 = createHash('sha256').update(new Uint8Array(job.bytes)).digest('hex');
  parentPort.postMessage({ id: job.id, sha256 });
});
`;

interface Waiting {
  resolve: (sha256: string) => void;
  reject: (error: Error) => void;
}

/**
 * SHA-256 on a worker thread, for a report that checks hundreds of megabytes of receipt
 * originals: on a two-core machine the hashing then runs beside the main thread's
 * reading and layout instead of after it. The bytes are handed over, not copied: their
 * memory moves to the worker (the caller's Buffer is left empty), so the caller must be
 * done with them. WebCrypto's digest also runs off the main thread but copies its input
 * there first, which cost most of what it saved.
 */
export class ReceiptHashWorker {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  private failure: Error | null = null;

  /** The hex SHA-256 of `bytes`, which are handed to the worker (emptied here). */
  sha256(bytes: Buffer): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.start();
    const id = (this.nextId += 1);
    // Move the memory when this Buffer is the whole of it; otherwise (a slice of a
    // shared pool) move a copy of just these bytes.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const moved =
      whole && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : new Uint8Array(bytes).buffer;
    const result = new Promise<string>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
    });
    worker.ref();
    worker.postMessage({ id, bytes: moved }, [moved]);
    return result;
  }

  /** Stops the worker; hashes still waiting fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    // Fail what is waiting first, so a reply that races the stop is simply dropped.
    this.failAll(new Error('the receipt hash worker was stopped'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (reply: { id: number; sha256: string }) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiting?.resolve(reply.sha256);
      // Idle, it must not keep the process alive.
      if (this.waiting.size === 0) worker.unref();
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('the receipt hash worker stopped')));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
