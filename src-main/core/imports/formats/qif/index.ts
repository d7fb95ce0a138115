/**
 * QIF files of bank, cash and credit-card accounts, with splits. Handler flow:
 * `detectFormat(head, fileName)` → 'qif' → `runImport(db, parseQif(stream, ctx, { dateOrder }), …)`;
 * `dateOrder` only when the user chose one (otherwise the file decides).
 */
export { parseQif, type QifOptions } from './parseQif';
export type { DateOrder } from './qifDates';
