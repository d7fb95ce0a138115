import { hash } from 'node:crypto';
import type { ImportedRow } from './importedRow';

/**
 * The dedupe key of an imported row. With a bank id: that id. Without: a fingerprint
 * of (date, amount, payee, memo) plus its occurrence number within the file, so two
 * identical coffees on the same day are two rows, and importing the same file again
 * (or a later statement that overlaps it) maps each to the same key again.
 */
export class ImportKeyer {
  private readonly seen = new Map<string, number>();

  keyFor(row: ImportedRow): string {
    if (row.externalId) return `id:${row.externalId}`;
    // One-shot hash: a Hash object per row was a fifth of a large import's JS time.
    const fingerprint = hash(
      'sha256',
      JSON.stringify([row.date, row.amount, normalize(row.payee), normalize(row.memo)]),
      'base64url',
    ).slice(0, 22);
    const occurrence = (this.seen.get(fingerprint) ?? 0) + 1;
    this.seen.set(fingerprint, occurrence);
    // Date first: keys of one statement land next to each other in the unique index.
    return `fp:${row.date}:${fingerprint}:${occurrence}`;
  }
}

/** Printable ASCII words with single spaces between: NFC, whitespace folding and trim change nothing. */
const PLAIN_ASCII = /^[!-~]+(?: [!-~]+)*$/;

/** Banks re-export the same line with different spacing or case; those are the same line. */
function normalize(text: string): string {
  if (PLAIN_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}
