/*
 * RFC 4180 text: one field, one line. Kept apart from the writer so the import side's
 * tokenizer tests can round-trip through exactly what exports write.
 */

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: quoted (with doubled quotes) when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, comma-separated, ending with CRLF as RFC 4180 says. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

// What spreadsheets (Excel, LibreOffice, Google Sheets, Numbers) take as the start of a
// formula or a DDE payload: = + - @, and tab and CR, which some of them skip before
// looking. The full-width forms are included because Excel in CJK locales converts them.
const FORMULA_START = /^'*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * A text cell made safe to open in a spreadsheet (CSV formula injection, OWASP): a cell
 * that starts like a formula gets a leading apostrophe, which every spreadsheet shows
 * as text and does not evaluate. Casike's CSV import removes one such apostrophe again,
 * so an export re-imports exactly; for that to be unambiguous, a text that already
 * starts with apostrophes before a formula character ("'-") gets one more as well.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A plain decimal number as Casike writes amounts: "-12.34", "1234", "0.000". */
export const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
