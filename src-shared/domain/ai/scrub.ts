import { PERSONAL_NAMES } from './personalNames';

/**
 * What leaves the machine for an AI provider: a scrubbed description and nothing else.
 * The policy is "no sensitive financial data in AI prompts", so this keeps only
 * letter words that look like a merchant and removes, in this order:
 *   - e-mail addresses and web links with a user part,
 *   - IBANs and anything with a digit in it (card and account numbers, phone numbers,
 *     dates, amounts, reference codes, house numbers, postcodes): no digit survives,
 *   - street addresses (a house number followed by up to four words and a street type,
 *     or a word ending in -STRASSE/-STR/-WEG…),
 *   - people's names (a list of common given names and surnames), everything after
 *     TO/FROM/FOR in a payment to a person, and the words of the user's own account names.
 * Then it caps the length. The sign of the amount goes separately, as "in" or "out".
 */
const EMAIL = /[^\s@]+@[^\s@]+/g;
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/gi;
const STREET_TYPES =
  'STREET|ST|AVENUE|AVE|AV|ROAD|RD|BOULEVARD|BLVD|LANE|LN|DRIVE|DR|COURT|CT|WAY|PLACE|PL|TERRACE|TER|HIGHWAY|HWY|PARKWAY|PKWY|CIRCLE|CIR|SQUARE|SQ|SUITE|STE|APT|UNIT|FLOOR|FL|CLOSE|CRESCENT|GROVE|GARDENS|MEWS|RUE|CALLE|VIA|STRASSE|STRAßE|STR|WEG|GASSE|PLATZ|LAAN|STRAAT|PLEIN';
const HOUSE_NUMBER_ADDRESS = new RegExp(
  `\\b\\d+[A-Z]?\\s+(?:[A-Z'.-]+\\s+){0,4}(?:${STREET_TYPES})\\b\\.?`,
  'gi',
);
/** A street named without its house number: one word and a street type. */
const BARE_STREET = new RegExp(`\\b[A-Z'.-]+\\s+(?:${STREET_TYPES})\\b\\.?`, 'gi');
const STREET_WORD = /\b[A-ZÄÖÜ]+(?:STRASSE|STRAßE|STR|WEG|GASSE|PLATZ|STRAAT|LAAN)\b\.?/gi;
/** After these words, a payment description names a person: drop the rest. */
const PERSON_MARKERS = new Set(['TO', 'FROM', 'FOR', 'AN', 'VON', 'PAYEE', 'BENEFICIARY']);
const MAX_LENGTH = 60;

export interface ScrubContext {
  /** Words from the user's own account names, never sent. */
  accountWords?: ReadonlySet<string>;
}

export function scrubDescription(text: string, context: ScrubContext = {}): string {
  const flattened = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(EMAIL, ' ')
    // Addresses before IBANs and phone numbers: those would eat the house number that
    // marks where an address starts.
    .replace(HOUSE_NUMBER_ADDRESS, ' ')
    .replace(STREET_WORD, ' ')
    .replace(IBAN, ' ')
    .replace(BARE_STREET, ' ')
    .toUpperCase();
  const kept: string[] = [];
  for (const raw of flattened.split(/[^A-Z0-9&]+/)) {
    if (raw === '' || /\d/.test(raw)) continue;
    if (PERSON_MARKERS.has(raw)) {
      kept.push(raw);
      break;
    }
    if (raw.length < 2 && raw !== '&') continue;
    if (PERSONAL_NAMES.has(raw) || context.accountWords?.has(raw)) continue;
    kept.push(raw);
  }
  let result = kept.join(' ');
  if (result.length > MAX_LENGTH) result = result.slice(0, MAX_LENGTH).replace(/\s+\S*$/, '');
  return result;
}

/** The words of account names, upper-case, for `ScrubContext.accountWords`. */
export function accountWordsOf(names: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const name of names) {
    for (const word of name.toUpperCase().split(/[^A-Z0-9]+/)) if (word.length > 1) words.add(word);
  }
  return words;
}
