/*
 * Cell clean-up shared by detection and parsing, so the preview shows exactly what the
 * import will store.
 */

// What Casike's own export puts an apostrophe before (exports/csvFormat.ts): a formula
// character, possibly after apostrophes of the text itself.
const NEUTRALISED = /^''*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * A cell's value as the import stores it:
 * - without surrounding white space (fixed-width padding: "REWE SAGT DANKE      ");
 * - without the apostrophe Casike's own export puts before a cell that starts like a
 *   formula, so an exported "=SUM(A1)" payee comes back as "=SUM(A1)";
 * - with line breaks inside as LF.
 */
export function cleanCell(raw: string): string {
  let text = raw.trim();
  if (NEUTRALISED.test(text)) text = text.slice(1);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * An id cell without the wrapping spreadsheets and banks add to keep it from turning
 * into a number: Excel's text formula `="00012345"`, or single quotes around it
 * (`'320260280123456789'`, American Express). Only for ids: in a payee or memo the
 * quotes may be the text.
 */
export function cleanId(raw: string): string {
  const text = cleanCell(raw);
  if (/^="[^"]*"$/.test(text)) return text.slice(2, -1).trim();
  if (/^'[^'\s]+'$/.test(text)) return text.slice(1, -1);
  return text;
}

/** The cell as quoted in a one-line error message: short, with control characters escaped. */
export function quoteCell(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  const escaped = short.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029"\\]/g, (c) =>
    c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}
