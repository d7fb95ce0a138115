/**
 * The built-in PDF fonts (Helvetica) cover the WinAnsi character set only: Latin
 * letters with accents, common punctuation, € and a few more. Anything else would come
 * out as a wrong glyph, so it is replaced with "?" visibly instead, and control
 * characters become spaces. (Embedding a Unicode TrueType font would lift this; see
 * docs/invoices.md.)
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function pdfSafeText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0x0a) out += '\n';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code <= 0xff || WIN_ANSI_EXTRA.has(char)) out += char;
    else out += '?';
  }
  return out;
}
