/*
 * Cell clean-up shared by detection and parsing, so the preview shows exactly what the
 * import will store.
 */

// Formula triggers our own exports neutralise with a leading apostrophe (exports/csvCells.ts).
const NEUTRALISED = /^'[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * A cell's value without the wrapping spreadsheets and banks add:
 * - surrounding white space (fixed-width padding: "REWE SAGT DANKE      ");
 * - Excel's text formula `="00012345"`, which some banks use to keep leading zeros;
 * - single quotes around an id with no spaces (`'320260280123456789'`, American Express);
 * - the apostrophe Casike's own export puts before a cell that starts like a formula,
 *   so an exported "=SUM(A1)" payee comes back as "=SUM(A1)".
 * Line breaks inside are kept, as LF.
 */
export function cleanCell(raw: string): string {
  let text = raw.trim();
  if (text.length >= 3) {
    if (text.startsWith('="') && text.endsWith('"')) text = text.slice(2, -1).trim();
    else if (/^'[^'\s]+'$/.test(text)) text = text.slice(1, -1);
  }
  if (NEUTRALISED.test(text)) text = text.slice(1);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
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
