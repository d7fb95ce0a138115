import { ImportFileError } from '../../importedRow';

/** An attribute as written: name (with any prefix) and its entity-decoded value. */
export type Attribute = readonly [name: string, value: string];

/** Shared by every tag without attributes (all of OFX), so none allocates. */
export const NO_ATTRIBUTES: readonly Attribute[] = [];

const MAX_ATTRIBUTES = 32;
const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))/g;
const ENTITY = /&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,6});/g;
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** The attributes after a tag's name (`text` starts with whitespace), at most 32. */
export function parseAttributes(text: string, line: number): readonly Attribute[] {
  const attributes: Attribute[] = [];
  for (const match of text.matchAll(ATTRIBUTE)) {
    if (attributes.length === MAX_ATTRIBUTES)
      throw new ImportFileError('a tag with too many attributes', line);
    attributes.push([match[1] ?? '', decodeEntities(match[2] ?? match[3] ?? match[4] ?? '')]);
  }
  return attributes.length === 0 ? NO_ATTRIBUTES : attributes;
}

/** Decodes the predefined and numeric character references; anything else stays as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      const usable = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return usable ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body] ?? whole;
  });
}
