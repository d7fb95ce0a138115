import { FONT, FONT_SIZE, type PdfLayout } from './pdfDocument';
import { pdfSafeText } from './pdfText';

export interface PdfColumn<Row> {
  header: string;
  /** A weight: the columns share the table width in proportion to these. */
  width: number;
  /** Amounts go right-aligned. */
  align?: 'left' | 'right';
  /** Wrap long text onto more lines (the row grows). Otherwise it is cut with "…". */
  wrap?: boolean;
  value: (row: Row) => string;
  /** For a cell the caller draws itself (a receipt thumbnail): the height it needs. */
  cellHeight?: (row: Row) => number;
  /** Draws into the cell's box (inside the padding) after the row's text. */
  drawCell?: (row: Row, box: { x: number; y: number; width: number; height: number }) => void;
}

export interface PdfTableOptions {
  /** Shade every other row, for reading across wide tables. */
  zebra?: boolean;
  /** Called every 500 rows with the count so far (progress, cancellation). */
  onProgress?: (rows: number) => void;
}

const PAD_X = 4;
const PAD_Y = 3;

/**
 * Draws a table in the flow. Each row is measured first and moved whole to a new page
 * when it would cross the footer, so no row is ever cut across pages; the header row is
 * repeated at the top of every page the table continues on. Returns the number of rows.
 * Rows are taken from an iterable, so a caller can stream them from the database.
 */
export function drawTable<Row>(
  layout: PdfLayout,
  columns: readonly PdfColumn<Row>[],
  rows: Iterable<Row>,
  options: PdfTableOptions = {},
): number {
  const { doc } = layout;
  const weight = columns.reduce((sum, column) => sum + column.width, 0);
  const widths = columns.map((column) => (layout.width * column.width) / weight);
  const xs = widths.map((_, index) =>
    widths.slice(0, index).reduce((x, width) => x + width, layout.left),
  );
  doc.font(FONT.regular).fontSize(FONT_SIZE.body);
  const lineHeight = doc.heightOfString('Hg');

  const drawHeader = () => {
    doc.font(FONT.bold).fontSize(FONT_SIZE.body);
    const height =
      Math.max(
        ...columns.map((column, index) =>
          doc.heightOfString(pdfSafeText(column.header), {
            width: (widths[index] ?? 0) - 2 * PAD_X,
          }),
        ),
      ) +
      2 * PAD_Y;
    const y = layout.y;
    columns.forEach((column, index) => {
      doc.text(pdfSafeText(column.header), (xs[index] ?? 0) + PAD_X, y + PAD_Y, {
        width: (widths[index] ?? 0) - 2 * PAD_X,
        align: column.align ?? 'left',
      });
    });
    doc
      .moveTo(layout.left, y + height)
      .lineTo(layout.right, y + height)
      .lineWidth(0.75)
      .strokeColor('#000000')
      .stroke();
    layout.y = y + height + 1;
    doc.font(FONT.regular).fontSize(FONT_SIZE.body);
  };

  // A header alone at the foot of a page is useless: keep it with at least one row.
  layout.ensureSpace(lineHeight * 2 + 4 * PAD_Y + 2);
  drawHeader();
  const stopRepeating = layout.onNewPage(drawHeader);
  // Dates, payees and categories repeat down a long table: measure each text once.
  const widthCache = new Map<string, number>();
  const measure = (text: string): number => {
    let width = widthCache.get(text);
    if (width === undefined) {
      width = doc.widthOfString(text);
      if (widthCache.size >= 10_000) widthCache.clear();
      widthCache.set(text, width);
    }
    return width;
  };
  let count = 0;
  try {
    for (const row of rows) {
      const cells = columns.map((column, index) => {
        const width = (widths[index] ?? 0) - 2 * PAD_X;
        const text = pdfSafeText(column.value(row));
        return measureCell(layout, text, width, column.wrap ?? false, lineHeight, measure);
      });
      const height =
        Math.max(
          lineHeight,
          ...cells.map((cell) => cell.height),
          ...columns.map((column) => column.cellHeight?.(row) ?? 0),
        ) +
        2 * PAD_Y;
      layout.ensureSpace(height);
      const y = layout.y;
      if (options.zebra && count % 2 === 1) {
        doc.rect(layout.left, y, layout.width, height).fillColor('#f2f2f2').fill();
        doc.fillColor('#000000');
      }
      cells.forEach((cell, index) => {
        const x = (xs[index] ?? 0) + PAD_X;
        const width = (widths[index] ?? 0) - 2 * PAD_X;
        if (cell.wraps) {
          doc.text(cell.text, x, y + PAD_Y, { width, align: columns[index]?.align ?? 'left' });
        } else {
          // One line: placed by hand (right-aligned by its measured width), which skips
          // pdfkit's line wrapper, the costly part of a 10,000-row statement.
          const left = columns[index]?.align === 'right' ? x + width - cell.width : x;
          doc.text(cell.text, left, y + PAD_Y, { lineBreak: false });
        }
        columns[index]?.drawCell?.(row, { x, y: y + PAD_Y, width, height: height - 2 * PAD_Y });
      });
      layout.y = y + height;
      count += 1;
      if (options.onProgress && count % 500 === 0) options.onProgress(count);
    }
  } finally {
    stopRepeating();
  }
  doc
    .moveTo(layout.left, layout.y)
    .lineTo(layout.right, layout.y)
    .lineWidth(0.5)
    .strokeColor('#888888')
    .stroke();
  layout.y += 6;
  doc.x = layout.left;
  return count;
}

interface MeasuredCell {
  text: string;
  /** Height of the text (one line unless it wraps). */
  height: number;
  /** Width of a one-line cell, for right alignment. */
  width: number;
  wraps: boolean;
}

/**
 * A cell's text and size. A wrapping column measures through pdfkit's line wrapper
 * only when the text is wider than the column; any other column keeps one line and
 * is cut to the width with an ellipsis.
 */
function measureCell(
  layout: PdfLayout,
  text: string,
  width: number,
  wrap: boolean,
  lineHeight: number,
  measure: (text: string) => number,
): MeasuredCell {
  const { doc } = layout;
  const oneLine = text.includes('\n') && wrap ? text : text.replace(/\s+/g, ' ');
  const measured = measure(oneLine);
  if (measured <= width && !oneLine.includes('\n'))
    return { text: oneLine, height: lineHeight, width: measured, wraps: false };
  if (wrap) return { text, height: doc.heightOfString(text, { width }), width, wraps: true };
  let low = 0;
  let high = oneLine.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${oneLine.slice(0, middle)}…`) <= width) low = middle;
    else high = middle - 1;
  }
  const cut = `${oneLine.slice(0, low)}…`;
  return { text: cut, height: lineHeight, width: doc.widthOfString(cut), wraps: false };
}
