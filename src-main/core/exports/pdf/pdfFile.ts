import { writeFileAtomically } from '../atomicFile';
import type { PdfLayout } from './pdfDocument';

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
 * the document and calls `flush` after each large piece, which writes out the bytes
 * produced so far. The file still appears atomically, whole or not at all.
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
      const flush = async () => {
        for (const chunk of layout.takeBytes()) {
          await sink.write(chunk);
          written += chunk.length;
        }
      };
      await more(flush);
      pages = await layout.end();
      await flush();
    },
    options,
  );
  return { pages, bytes: written };
}
