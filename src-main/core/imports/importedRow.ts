import type { DateString } from '../../../src-shared/domain';
import { CoreError } from '../coreError';

/**
 * One statement line as every parser (CSV, OFX/QFX, QIF, CAMT.053) hands it to the
 * import pipeline: already in Casike's conventions (minor units, negative = money
 * out, YYYY-MM-DD), with the source line for error messages.
 */
export interface ImportedRow {
  line: number;
  date: DateString;
  amount: number;
  payee: string;
  memo: string;
  /** The bank's own id (OFX FITID, CAMT AcctSvcrRef, …) when the format has one. */
  externalId: string | null;
  /** Pending at the bank; a later posted row with the same amount replaces it. */
  pending: boolean;
  /** Category parts of a QIF split, as names; they must sum to the amount. */
  splits?: { category: string | null; amount: number; memo: string }[];
  /** A category name from the file (QIF L field), matched to the user's categories. */
  category?: string | null;
}

/** A file that cannot be imported: the message names the line, nothing was written. */
export class ImportFileError extends CoreError {
  constructor(message: string, line?: number) {
    super('VALIDATION', line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'ImportFileError';
  }
}

export interface ImportResult {
  added: number;
  duplicates: number;
  pendingMatched: number;
  /** Lines skipped without stopping the import (e.g. a zero-amount line), with why. */
  warnings: { line: number; message: string }[];
  batchId: string | null;
}
