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
