import type { ImportedRow } from '../../importedRow';
import type { ParseContext } from '../../parserTypes';
import { decodeText } from '../shared/decodeText';
import type { DateOrder } from './qifDates';
import { LineSplitter } from './qifLines';
import { QifReader } from './qifReader';

/** Options for `parseQif`. */
export interface QifOptions {
  /**
   * Whether "01/05/2026" is 5 January ('MDY', Quicken's US order) or 1 May ('DMY', UK
   * and European Quicken). Without it the file decides: the first date that fits only
   * one order ("13/05/2026") fixes it for the whole file, and a later date that
   * contradicts it is an error naming its line. If every date fits both, the order
   * under which the dates run in sequence wins (ties: month first). Rows wait in memory
   * until the order is known, at most 50,000 of them.
   */
  dateOrder?: DateOrder;
}

/**
 * Parses a QIF file of a bank, cash or credit-card account (`!Type:Bank`, `Cash`,
 * `CCard`, and `Oth A` / `Oth L`), with splits. QIF has no transaction ids: re-imports
 * are deduplicated by the import's fingerprint. Encoding: UTF-8 or UTF-16 with a BOM,
 * else UTF-8 if valid, else Windows-1252 (what Quicken for Windows writes). See
 * `recordToRow` for the fields and `QifReader` for what is skipped or refused.
 */
export async function* parseQif(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
  options: QifOptions = {},
): AsyncGenerator<ImportedRow> {
  const reader = new QifReader(ctx, options.dateOrder);
  let lastLine = 1;
  const lines = new LineSplitter((text, line) => {
    if (text.trim() !== '') lastLine = line;
    reader.line(text, line);
  });
  for await (const text of decodeText(chunks)) {
    lines.feed(text);
    yield* reader.take();
  }
  lines.end();
  reader.end(lastLine);
  yield* reader.take();
}
