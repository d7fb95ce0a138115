import type { ImportedRow } from '../../importedRow';
import type { ParseContext } from '../../parserTypes';
import { decodeText, xmlDeclaredEncoding } from '../shared/decodeText';
import { MarkupTokenizer } from '../shared/markupTokenizer';
import { OfxStatementReader } from './ofxStatementReader';
import { OfxStructure } from './ofxStructure';

/**
 * Parses an OFX or QFX file (QFX is OFX with Intuit's extra tags, which are ignored):
 * OFX 1.x (SGML, unclosed data elements, a `KEY:VALUE` header) and 2.x (XML), bank
 * (BANKMSGSRSV1/STMTTRNRS/STMTRS) and credit-card (CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS)
 * statements. One row per STMTTRN:
 *
 * - date: the date part of DTPOSTED (no time-zone shift);
 * - amount: TRNAMT, already in our sign convention (negative = debit);
 * - payee: NAME (or PAYEE/NAME); memo: MEMO, with CHECKNUM folded in;
 * - externalId: FITID, so re-importing the same or an overlapping statement adds nothing.
 *
 * Refused with one line naming the line: a statement whose CURDEF (or a transaction's
 * CURRENCY) is not the account's currency, statements for more than one account, an
 * investment statement, a missing date or amount, and a truncated or malformed file.
 * Streams: memory stays bounded whatever the file size.
 */
export async function* parseOfx(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncGenerator<ImportedRow> {
  const reader = new OfxStatementReader(ctx.currency);
  const structure = new OfxStructure(reader);
  const tokenizer = new MarkupTokenizer(structure);
  for await (const text of decodeText(chunks, { declaredCharset: ofxDeclaredCharset })) {
    tokenizer.feed(text);
    yield* reader.take();
  }
  tokenizer.end();
  structure.end(tokenizer.line);
  reader.end(tokenizer.line);
  yield* reader.take();
}

/**
 * The character set an OFX file declares: 1.x in its header (`ENCODING:UTF-8`,
 * `CHARSET:1252` / `ISO-8859-1`; `USASCII` and `NONE` declare nothing useful), 2.x in
 * its XML declaration.
 */
export function ofxDeclaredCharset(head: string): string | undefined {
  if (!/^\s*OFXHEADER\s*:/i.test(head)) return xmlDeclaredEncoding(head);
  const lt = head.indexOf('<');
  const header = lt === -1 ? head : head.slice(0, lt);
  const encoding = /ENCODING\s*:\s*([\w-]+)/i.exec(header)?.[1]?.toUpperCase();
  if (encoding === 'UTF-8' || encoding === 'UTF8') return 'utf-8';
  const charset = /CHARSET\s*:\s*([\w-]+)/i.exec(header)?.[1]?.toUpperCase() ?? 'NONE';
  if (charset === 'NONE') return undefined;
  if (/^\d{3,4}$/.test(charset)) return `windows-${charset}`;
  return charset.startsWith('8859') ? `iso-${charset}` : charset.toLowerCase();
}
