import { execFileSync } from 'node:child_process';

/**
 * Test-only: what poppler's pdftotext reads from a PDF, one string per page (the
 * layout mode keeps columns where they are printed, so right alignment shows).
 */
export function _pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/** The images poppler finds in a PDF (`pdfimages -list`), one row per image. */
export function _pdfImages(file: string): string[] {
  const text = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  return text
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '');
}
