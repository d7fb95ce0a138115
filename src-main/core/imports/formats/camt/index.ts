/**
 * ISO 20022 CAMT.053 bank-to-customer statements (XML, camt.053.001.02 to .13). Handler
 * flow: `detectFormat(head, fileName)` → 'camt' → `runImport(db, parseCamt053(stream, ctx), …)`.
 */
export { parseCamt053 } from './parseCamt053';
