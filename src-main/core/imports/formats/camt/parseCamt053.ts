import type { ImportedRow } from '../../importedRow';
import type { ParseContext } from '../../parserTypes';
import { decodeText, xmlDeclaredEncoding } from '../shared/decodeText';
import { MarkupTokenizer } from '../shared/markupTokenizer';
import { XmlElements } from '../shared/xmlElements';
import { CamtStatementReader } from './camtStatementReader';

/**
 * Parses an ISO 20022 CAMT.053 bank-to-customer statement (XML, message versions
 * camt.053.001.02 to .13, with or without a namespace prefix): one row per entry
 * (`Ntry`); see `entryOutcome` for the fields and `externalIdOf` for the ids. camt.052
 * and camt.054 files are refused with a message saying what they are. Information-only
 * entries are skipped with a warning. Streams: only one entry is in memory at a time.
 */
export async function* parseCamt053(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncGenerator<ImportedRow> {
  const reader = new CamtStatementReader(ctx);
  const elements = new XmlElements(reader);
  const tokenizer = new MarkupTokenizer(elements);
  for await (const text of decodeText(chunks, { declaredCharset: xmlDeclaredEncoding })) {
    tokenizer.feed(text);
    yield* reader.take();
  }
  tokenizer.end();
  elements.end(tokenizer.line);
  reader.end(tokenizer.line);
  yield* reader.take();
}
