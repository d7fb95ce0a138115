import PDFDocument from 'pdfkit';
import { pdfSafeText } from './pdfText';

export type PdfDoc = InstanceType<typeof PDFDocument>;

export interface PdfSetup {
  /** Document title: in the PDF's metadata and the running header. */
  title: string;
  /** Shown at the right of the running header, e.g. the business or account name. */
  headerRight?: string;
  /** Shown at the left of every footer, beside "Page i of n". */
  footerLeft?: string;
  size?: 'A4' | 'LETTER';
  /** Points (72 per inch). */
  margin?: number;
}

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' } as const;
export const FONT_SIZE = { body: 9, small: 7.5, heading: 16 } as const;

const HEADER_HEIGHT = 22;
const FOOTER_HEIGHT = 20;

/**
 * A PDF page layout shared by every export: a running header (title, right-hand
 * caption, rule), the content area between header and footer, and a footer with
 * "Page i of n" stamped once the page count is known. Text is real text in the
 * built-in Helvetica, so it can be selected, searched and read by pdftotext.
 *
 * Content code asks `ensureSpace(height)` before drawing anything that must stay
 * whole (a table row, a totals block, an image): it starts a new page when the block
 * would cross the footer, and listeners (a table repeating its header) run first on
 * the new page.
 */
export class PdfLayout {
  readonly doc: PdfDoc;
  private readonly pageListeners: (() => void)[] = [];
  private readonly setup: PdfSetup;
  /** Bytes pdfkit has produced and nobody has taken yet (see `takeBytes`). */
  private produced: Buffer[] = [];
  /** Widths of header and footer captions in the small font (see `captionAt`). */
  private readonly captionWidths = new Map<string, number>();

  constructor(setup: PdfSetup) {
    this.setup = setup;
    const margin = setup.margin ?? 42;
    this.doc = new PDFDocument({
      size: setup.size ?? 'A4',
      margins: {
        top: margin + HEADER_HEIGHT,
        bottom: margin + FOOTER_HEIGHT,
        left: margin,
        right: margin,
      },
      bufferPages: true,
      autoFirstPage: false,
      info: { Title: pdfSafeText(setup.title), Creator: 'Casike', Producer: 'Casike' },
      compress: true,
    });
    this.doc.on('data', (chunk: Buffer) => this.produced.push(chunk));
    this.doc.on('pageAdded', () => this.drawRunningHeader());
    this.doc.addPage();
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get right(): number {
    return this.doc.page.width - this.doc.page.margins.right;
  }
  get width(): number {
    return this.right - this.left;
  }
  get top(): number {
    return this.doc.page.margins.top;
  }
  /** The lowest y content may reach on this page. */
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get y(): number {
    return this.doc.y;
  }
  set y(value: number) {
    this.doc.y = value;
  }

  /** Called at the top of every page after the first, once the running header is drawn. */
  onNewPage(listener: () => void): () => void {
    this.pageListeners.push(listener);
    return () => {
      const index = this.pageListeners.indexOf(listener);
      if (index >= 0) this.pageListeners.splice(index, 1);
    };
  }

  /** Starts a new page unless `height` points still fit above the footer. True if it did. */
  ensureSpace(height: number): boolean {
    if (this.doc.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  newPage(): void {
    this.doc.addPage();
    for (const listener of [...this.pageListeners]) listener();
  }

  /**
   * Writes text at (x, y): wrapped to `width` when given, one line otherwise. The flow
   * (doc.y) ends below it, so callers can stack blocks.
   */
  textAt(
    text: string,
    x: number,
    y: number,
    options: {
      width?: number;
      align?: 'left' | 'right' | 'center';
      bold?: boolean;
      size?: number;
    } = {},
  ): void {
    this.doc
      .font(options.bold ? FONT.bold : FONT.regular)
      .fontSize(options.size ?? FONT_SIZE.body)
      .text(pdfSafeText(text), x, y, {
        width: options.width,
        align: options.align ?? 'left',
        lineBreak: options.width !== undefined,
      });
  }

  /** A paragraph in the flow, wrapped to the content width, kept on one page. */
  paragraph(
    text: string,
    options: { bold?: boolean; size?: number; gapAfter?: number } = {},
  ): void {
    const size = options.size ?? FONT_SIZE.body;
    const safe = pdfSafeText(text);
    this.doc.font(options.bold ? FONT.bold : FONT.regular).fontSize(size);
    const height = this.doc.heightOfString(safe, { width: this.width });
    this.ensureSpace(height);
    this.doc.text(safe, this.left, this.doc.y, { width: this.width });
    this.doc.y += options.gapAfter ?? 4;
  }

  /**
   * Runs `draw` (which embeds an image) and waits until pdfkit has finished writing what
   * it started. A PNG with transparency or interlacing is decoded asynchronously, and
   * pdfkit counts every object not yet written in `_waiting` (open pages included, so
   * the count is compared with its value before `draw`). A report embedding many
   * originals goes through this for each, so at most one decoded image is in memory.
   */
  async drawSettled<T>(draw: () => T): Promise<T> {
    const pending = this.doc as unknown as { _waiting?: number };
    const before = pending._waiting ?? 0;
    const result = draw();
    while ((pending._waiting ?? 0) > before) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return result;
  }

  /**
   * The bytes produced so far, handed over once. pdfkit writes an embedded image out as
   * soon as it is drawn, so a writer that takes these between images keeps only one
   * image's worth of output in memory instead of the whole document.
   */
  takeBytes(): Buffer[] {
    const taken = this.produced;
    this.produced = [];
    return taken;
  }

  /**
   * Ends the document: stamps "Page i of n" on every page and resolves once pdfkit has
   * produced the rest of the bytes (collect them with `takeBytes`). Returns the count.
   */
  end(): Promise<number> {
    const done = new Promise<void>((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    const range = this.doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      this.doc.switchToPage(index);
      this.drawFooter(index - range.start + 1, range.count);
    }
    this.doc.end();
    return done.then(() => range.count);
  }

  /** Ends the document and returns all of its bytes. */
  async finish(): Promise<{ bytes: Buffer; pages: number }> {
    const pages = await this.end();
    return { bytes: Buffer.concat(this.takeBytes()), pages };
  }

  private drawRunningHeader(): void {
    const { doc } = this;
    const y = doc.page.margins.top - HEADER_HEIGHT;
    doc.save();
    doc.fillColor('#555555');
    this.captionAt(this.setup.title, this.left, y, this.width / 2, 'left');
    if (this.setup.headerRight) {
      this.captionAt(
        this.setup.headerRight,
        this.left + this.width / 2,
        y,
        this.width / 2,
        'right',
      );
    }
    doc.restore();
    doc
      .moveTo(this.left, y + 11)
      .lineTo(this.right, y + 11)
      .lineWidth(0.5)
      .strokeColor('#bbbbbb')
      .stroke();
    doc.fillColor('#000000');
    doc.x = this.left;
    doc.y = doc.page.margins.top;
  }

  /**
   * A header or footer caption in the small font within `width`. Text that fits on one
   * line is placed by its measured width, skipping pdfkit's line wrapper: these run on
   * every page, four times, and a 2,000-page report spent more time wrapping them than
   * drawing them. Longer text goes through `textAt` and wraps as before.
   */
  private captionAt(
    text: string,
    x: number,
    y: number,
    width: number,
    align: 'left' | 'right',
  ): void {
    const safe = pdfSafeText(text);
    this.doc.font(FONT.regular).fontSize(FONT_SIZE.small);
    const measured = safe.includes('\n') ? Infinity : this.captionWidth(safe);
    if (measured > width) {
      this.textAt(text, x, y, { width, align, size: FONT_SIZE.small });
      return;
    }
    this.doc.text(safe, align === 'right' ? x + width - measured : x, y, { lineBreak: false });
  }

  private captionWidth(text: string): number {
    let width = this.captionWidths.get(text);
    if (width === undefined) {
      width = this.doc.widthOfString(text);
      // Titles and names repeat on every page; page numbers do not: keep the cache small.
      if (this.captionWidths.size >= 64) this.captionWidths.clear();
      this.captionWidths.set(text, width);
    }
    return width;
  }

  private drawFooter(page: number, pages: number): void {
    const { doc } = this;
    // Text below the bottom margin would make pdfkit start a new page: lift the margin
    // while the footer is written, then put it back.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottomMargin + 8;
    doc.fillColor('#555555');
    if (this.setup.footerLeft) {
      this.captionAt(this.setup.footerLeft, this.left, y, this.width / 2, 'left');
    }
    this.captionAt(
      `Page ${page} of ${pages}`,
      this.left + this.width / 2,
      y,
      this.width / 2,
      'right',
    );
    doc.fillColor('#000000');
    doc.page.margins.bottom = bottomMargin;
  }
}
