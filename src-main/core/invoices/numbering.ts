import { invalid } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';

export interface Numbering {
  prefix: string;
  width: number;
  next: number;
}

export function getNumbering(db: SqlDatabase): Numbering {
  const row = db
    .prepare('SELECT prefix, width, next_value AS next FROM invoice_numbering WHERE id = 1')
    .get() as Numbering;
  return row;
}

/** "INV-" + 7 padded to 4 → "INV-0007". A counter wider than `width` is not cut. */
export function formatInvoiceNumber(prefix: string, width: number, value: number): string {
  return `${prefix}${String(value).padStart(width, '0')}`;
}

/**
 * Changes the prefix and width, and may move the counter forward (a business moving
 * from another tool continues its series). Never back: a number once given stays unique,
 * and a new format must not be able to print a number that was already issued.
 */
export function setNumbering(
  db: SqlDatabase,
  input: { prefix: string; width: number; next?: number | undefined },
): Numbering {
  return db.transaction(() => {
    const current = getNumbering(db);
    const next = input.next ?? current.next;
    if (next < current.next)
      throw invalid(`the counter is at ${current.next}; it can only move forward`);
    const clash = db
      .prepare('SELECT number FROM invoices WHERE number = ?')
      .get(formatInvoiceNumber(input.prefix, input.width, next)) as { number: string } | undefined;
    if (clash) throw invalid(`invoice ${clash.number} already exists; choose another prefix`);
    db.prepare(
      'UPDATE invoice_numbering SET prefix = ?, width = ?, next_value = ? WHERE id = 1',
    ).run(input.prefix, input.width, next);
    return getNumbering(db);
  })();
}

/**
 * Takes the next number. Must run inside the caller's transaction, together with the
 * write that stamps it on the invoice, so both commit or neither does.
 */
export function takeNextNumber(db: SqlDatabase): string {
  if (!db.inTransaction) throw new Error('takeNextNumber must run inside a transaction');
  const { prefix, width, next } = getNumbering(db);
  db.prepare('UPDATE invoice_numbering SET next_value = next_value + 1 WHERE id = 1').run();
  return formatInvoiceNumber(prefix, width, next);
}
