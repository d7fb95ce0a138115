import { writeFileAtomically } from '../atomicFile';
import type { PdfLayout } from './pdfDocument';
import { PdfWriteQueue } from './pdfWriteQueue';

/**
 * Finishes `layout` and writes it to `target` atomically (whole or not at all, owner
 * readable only, never through the temp folder). Returns the page count and size.
 */
export async function writePdf(
  layout: PdfLayout,
  target: string,
  options: { overwrite: boolean },
): Promise<{ pages: number; bytes: number }> {
  const { bytes, pages } = await layout.finish();
  await writeFileAtomically(target, (sink) => sink.write(bytes), options);
  return { pages, bytes: bytes.length };
}

/**
 * Like `writePdf`, for documents too large to hold whole (an expense report with
 * thousands of receipt originals): the file is opened first, `more` draws the rest of
 * the document and calls `flush` after each large piece, which hands the bytes produced
 * so far to a background writer (PdfWriteQueue) and returns without waiting for the
 * disk unless too much is queued. The file still appears atomically, whole or not at
 * all: every queued byte is written and flushed before it is moved into place, and if
 * `more` throws (a receipt failing its hash check) nothing is published.
 */
export async function writePdfStreaming(
  layout: PdfLayout,
  target: string,
  options: { overwrite: boolean },
  more: (flush: () => Promise<void>) => Promise<void>,
): Promise<{ pages: number; bytes: number }> {
  let pages = 0;
  let written = 0;
  await writeFileAtomically(
    target,
    async (sink) => {
      const queue = new PdfWriteQueue(sink);
      const flush = () => queue.push(layout.takeBytes());
      try {
        await more(flush);
        pages = await layout.end();
        await flush();
      } catch (error) {
        // Let writes already started finish before the atomic writer removes the file.
        await queue.close().catch(() => undefined);
        throw error;
      }
      written = await queue.close();
    },
    options,
  );
  return { pages, bytes: written };
}
