import type { CurrencyCode } from '../../../src-shared/domain';
import type { ImportedRow } from './importedRow';

export const IMPORT_FORMATS = ['csv', 'ofx', 'qfx', 'qif', 'camt'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What a parser knows about the account it is importing into. */
export interface ParseContext {
  /** The target account's currency: decides decimals, and a statement in another currency is refused. */
  currency: CurrencyCode;
  /** A line skipped without stopping the import (a blank line, a zero amount). */
  warn(line: number, message: string): void;
}

/**
 * Every statement parser has this shape: bytes in (streamed, a file can be 200 MB),
 * rows out, one at a time. A malformed file throws ImportFileError naming the line;
 * the pipeline then rolls the whole import back.
 */
export type StatementParser = (
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
) => AsyncIterable<ImportedRow>;
