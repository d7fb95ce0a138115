/**
 * Turns a bank's payee/memo text into the words that identify a merchant, so
 * "SQ *BLUE BOTTLE COFFEE #0042 SAN FRANCISCO 03/14 CARD 4411" and
 * "BLUE BOTTLE COFFEE 118" land on the same key. What is stripped carries no
 * category signal and changes from one purchase to the next: card numbers, store
 * numbers, dates, times, reference codes (any word with a digit in it), and the
 * payment-network boilerplate banks put in front of the merchant.
 */

/** Processor prefixes like "SQ *", "TST* ", "PAYPAL *": the merchant follows them. */
const PROCESSOR_PREFIX =
  /^(?:SQ|SQU|TST|SP|PY|IN|PP|DD|GOOGLE|APL|PAYPAL|WPY|ZTL|BT|CKE|EB)\s*\*\s*/;

/** Words that say how the card was used, not where. */
const BOILERPLATE = new Set([
  'POS',
  'PURCHASE',
  'PURCH',
  'DEBIT',
  'CREDIT',
  'CARD',
  'CHECKCARD',
  'CHKCARD',
  'VISA',
  'MASTERCARD',
  'MC',
  'DBT',
  'CRD',
  'ACH',
  'RECURRING',
  'AUTH',
  'AUTHORIZED',
  'ON',
  'AT',
  'TRANSACTION',
  'TXN',
  'REF',
  'ID',
  'NO',
  'NR',
  'EFTPOS',
  'CONTACTLESS',
  'ONLINE',
  'WWW',
  'COM',
  'CO',
  'INC',
  'LLC',
  'LTD',
  'GMBH',
  'THE',
  'AND',
  'OF',
  'USA',
  'US',
]);

/** Two-letter US state codes at the end of a card line ("… SEATTLE WA"). */
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC'.split(
    ' ',
  ),
);

const NON_ASCII = /[^ -~\t]/;

/** The identifying words of a description, upper-case, in order. */
export function merchantWords(text: string): string[] {
  // Most bank text is ASCII: skip the Unicode folding for it (this runs per transaction).
  let cleaned = (
    NON_ASCII.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text
  ).toUpperCase();
  cleaned = cleaned.replace(PROCESSOR_PREFIX, '');
  // Web addresses keep their name part: "AMAZON.COM" → "AMAZON".
  cleaned = cleaned.replace(/\.(?:COM|NET|ORG|CO\.UK|DE|FR|IO)\b/g, ' ');
  const words = cleaned
    .split(/[^A-Z0-9&']+/)
    .map((word) => word.replace(/^'+|'+$/g, '').replace(/'/g, ''))
    .filter((word) => word.length > 0 && !/\d/.test(word) && !BOILERPLATE.has(word));
  // A trailing state code is location, not merchant.
  while (words.length > 1 && US_STATES.has(words[words.length - 1] ?? '')) words.pop();
  return words.filter((word) => word.length > 1 || word === '&');
}

/**
 * The exact-payee key: the first few merchant words. Long tails (city names, branch
 * names) vary between purchases at the same merchant, so they are cut off.
 */
export function merchantKey(text: string): string {
  return merchantWords(text).slice(0, 3).join(' ');
}

/** The classifier's features: words, adjacent word pairs, and character trigrams. */
export function features(text: string): string[] {
  const words = merchantWords(text);
  const out: string[] = [];
  words.forEach((word, index) => {
    out.push(`w:${word}`);
    const next = words[index + 1];
    if (next !== undefined) out.push(`b:${word}_${next}`);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) out.push(`c:${padded.slice(i, i + 3)}`);
  });
  return out;
}
