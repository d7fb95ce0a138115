/**
 * OFX and QFX bank and credit-card statements (OFX 1.x SGML and 2.x XML). Handler flow:
 * `detectFormat(head, fileName)` → 'ofx' | 'qfx' → `runImport(db, parseOfx(stream, ctx), …)`.
 */
export { parseOfx, ofxDeclaredCharset } from './parseOfx';
