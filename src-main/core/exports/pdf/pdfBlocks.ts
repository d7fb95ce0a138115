import { FONT, FONT_SIZE, type PdfLayout } from './pdfDocument';
import { pdfSafeText } from './pdfText';

export interface TotalsLine {
  label: string;
  value: string;
  bold?: boolean;
}

/**
 * A block of label → amount lines at the right of the page (subtotal, tax, total),
 * amounts right-aligned, kept together on one page.
 */
export function drawTotals(
  layout: PdfLayout,
  lines: readonly TotalsLine[],
  options: { width?: number } = {},
): void {
  const { doc } = layout;
  doc.font(FONT.regular).fontSize(FONT_SIZE.body);
  const lineHeight = doc.heightOfString('Hg') + 4;
  layout.ensureSpace(lineHeight * lines.length + 4);
  const width = options.width ?? Math.min(260, layout.width);
  const x = layout.right - width;
  for (const line of lines) {
    const y = layout.y;
    doc.font(line.bold ? FONT.bold : FONT.regular);
    doc.text(pdfSafeText(line.label), x, y, { width: width * 0.55, lineBreak: false });
    doc.text(pdfSafeText(line.value), x + width * 0.55, y, {
      width: width * 0.45,
      align: 'right',
      lineBreak: false,
    });
    layout.y = y + lineHeight;
  }
  doc.font(FONT.regular);
  doc.x = layout.left;
}

/** Which raster image `bytes` holds, by its first bytes; pdfkit embeds PNG and JPEG. */
export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((byte, index) => bytes[index] === byte)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/**
 * Embeds a PNG or JPEG scaled to fit `fit` (width, height) points, at `x` (default the
 * left margin) in the flow, on a new page if it does not fit on this one. Returns
 * false (and draws nothing) for bytes that are not a PNG or JPEG, so one bad receipt
 * thumbnail cannot break a whole report.
 */
export function drawImage(
  layout: PdfLayout,
  bytes: Buffer,
  fit: [number, number],
  options: { x?: number; advance?: boolean } = {},
): boolean {
  if (!imageKind(bytes)) return false;
  layout.ensureSpace(fit[1]);
  const y = layout.y;
  try {
    layout.doc.image(bytes, options.x ?? layout.left, y, { fit });
  } catch {
    return false;
  }
  if (options.advance ?? true) layout.y = y + fit[1];
  layout.doc.x = layout.left;
  return true;
}
