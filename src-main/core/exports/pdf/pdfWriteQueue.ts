import type { FileSink } from '../atomicFile';

/** Pieces smaller than this are copied together into one write. */
const SMALL_PIECE = 64 * 1024;
/** The largest write made of small pieces. */
const BATCH_BYTES = 1024 * 1024;
/** Bytes queued before `push` waits for the disk (bounds memory on a slow disk). */
const DEFAULT_HIGH_WATER = 16 * 1024 * 1024;

/**
 * Writes a PDF's bytes to its file in the background while the document goes on being
 * drawn. File writes run on libuv's thread pool, so on a machine with two cores the disk
 * work (the copy into the page cache) overlaps the next receipt's read and layout instead
 * of the main thread waiting for each write in turn. pdfkit produces many tiny pieces
 * (object headers, dictionaries, "endobj"): those are joined into writes of up to 1 MB,
 * while large pieces (an embedded JPEG) are written as they are, without a copy.
 *
 * `push` returns at once unless more than `highWater` bytes are waiting; `close` waits
 * for everything queued. A write error is thrown by the next `push` or by `close`.
 */
export class PdfWriteQueue {
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private draining: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;
  private writtenBytes = 0;

  constructor(
    private readonly sink: FileSink,
    private readonly highWater = DEFAULT_HIGH_WATER,
  ) {}

  /** Bytes written to the file so far. */
  get written(): number {
    return this.writtenBytes;
  }

  async push(chunks: readonly Uint8Array[]): Promise<void> {
    this.throwIfFailed();
    for (const chunk of chunks) {
      if (chunk.length === 0) continue;
      this.queue.push(chunk);
      this.queuedBytes += chunk.length;
    }
    if (!this.draining && this.queue.length > 0) {
      // `finally` runs as a later microtask, so it always clears the promise set here.
      this.draining = this.drain().finally(() => {
        this.draining = null;
      });
    }
    while (this.queuedBytes > this.highWater && this.draining) await this.draining;
    this.throwIfFailed();
  }

  /** Waits until everything queued is written; throws the first write error. */
  async close(): Promise<number> {
    while (this.draining) await this.draining;
    this.throwIfFailed();
    return this.writtenBytes;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.failure) {
        const pieces = this.queue;
        this.queue = [];
        for (const write of batched(pieces)) {
          await this.sink.write(write);
          this.queuedBytes -= write.length;
          this.writtenBytes += write.length;
        }
      }
    } catch (error) {
      this.failure = { error };
    }
  }
}

/** The pieces as writes: runs of small pieces joined (up to BATCH_BYTES), large ones alone. */
function* batched(pieces: readonly Uint8Array[]): Generator<Uint8Array> {
  let run: Uint8Array[] = [];
  let runBytes = 0;
  const joined = () => {
    const single = run.length === 1 ? run[0] : undefined;
    const bytes = single ?? Buffer.concat(run, runBytes);
    run = [];
    runBytes = 0;
    return bytes;
  };
  for (const piece of pieces) {
    if (piece.length >= SMALL_PIECE) {
      if (run.length > 0) yield joined();
      yield piece;
      continue;
    }
    run.push(piece);
    runBytes += piece.length;
    if (runBytes >= BATCH_BYTES) yield joined();
  }
  if (run.length > 0) yield joined();
}
