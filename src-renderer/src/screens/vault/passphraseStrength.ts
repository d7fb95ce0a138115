/**
 * A small local passphrase-strength heuristic (no library, nothing leaves the machine):
 * length, variety of character classes, and a check for common patterns (well-known
 * passwords, keyboard runs, repeats, sequences, years). It guides; the vault's Argon2id
 * does the real work. Long passphrases of plain words score well, as they should.
 */
export type StrengthLevel = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  level: StrengthLevel;
  label: 'Too short' | 'Weak' | 'Fair' | 'Good' | 'Strong';
  /** Things the user can do, in plain words; empty when strong. */
  tips: string[];
  /** Whether it is good enough to create a vault with. */
  acceptable: boolean;
}

export const MIN_LENGTH = 12;

const COMMON = [
  'password',
  'passphrase',
  'qwerty',
  'azerty',
  'letmein',
  'welcome',
  'admin',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'master',
  'shadow',
  'trustno1',
  'casike',
  'finance',
  'money',
  'secret',
  'abc123',
  '123456',
  '111111',
  '000000',
];
const KEYBOARD_ROWS = [
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1234567890',
  'azertyuiop',
  'qwertzuiop',
];

function hasSequence(text: string, run = 4): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < text.length; i += 1) {
    const delta = text.charCodeAt(i) - text.charCodeAt(i - 1);
    up = delta === 1 ? up + 1 : 1;
    down = delta === -1 ? down + 1 : 1;
    if (up >= run || down >= run) return true;
  }
  return false;
}

function hasKeyboardRun(lower: string, run = 4): boolean {
  for (const row of KEYBOARD_ROWS) {
    for (let i = 0; i + run <= row.length; i += 1) {
      const piece = row.slice(i, i + run);
      if (lower.includes(piece) || lower.includes([...piece].reverse().join(''))) return true;
    }
  }
  return false;
}

/** The common patterns found in `passphrase`, as short phrases. */
export function commonPatterns(passphrase: string): string[] {
  const lower = passphrase.toLowerCase();
  const found: string[] = [];
  // Undo the usual substitutions so "P@ssw0rd" counts as "password".
  const unleet = lower
    .replace(/[@4]/g, 'a')
    .replace(/3/g, 'e')
    .replace(/[1!|]/g, 'i')
    .replace(/0/g, 'o')
    .replace(/[$5]/g, 's')
    .replace(/7/g, 't');
  if (COMMON.some((word) => lower.includes(word) || unleet.includes(word))) {
    found.push('a well-known password');
  }
  if (hasKeyboardRun(lower)) found.push('a keyboard pattern');
  if (/(.)\1{2,}/.test(lower)) found.push('a repeated character');
  if (/(.{2,})\1{2,}/.test(lower)) found.push('a repeated chunk');
  if (hasSequence(lower)) found.push('a sequence like "abcd" or "1234"');
  if (/(19|20)\d{2}/.test(lower)) found.push('a year');
  return found;
}

function classCount(text: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(text)).length;
}

export function passphraseStrength(passphrase: string): Strength {
  const length = [...passphrase].length;
  const classes = classCount(passphrase);
  const patterns = commonPatterns(passphrase);
  const unique = new Set(passphrase).size;
  const words = passphrase
    .trim()
    .split(/[\s\-_.]+/)
    .filter((w) => w.length >= 3).length;

  const tips: string[] = [];
  if (length < MIN_LENGTH) tips.push(`Use at least ${MIN_LENGTH} characters.`);
  if (classes < 3 && words < 4) {
    tips.push('Mix letters, digits and symbols, or use four or more unrelated words.');
  }
  if (patterns.length > 0) tips.push(`Avoid ${patterns.join(', ')}.`);
  if (length >= MIN_LENGTH && unique < 6) tips.push('Use more different characters.');

  if (length < MIN_LENGTH) return { level: 0, label: 'Too short', tips, acceptable: false };

  let score = 0;
  score += length >= 16 ? 2 : 1;
  if (length >= 24) score += 1;
  score += classes >= 3 ? 1 : 0;
  score += words >= 4 ? 1 : 0;
  score -= patterns.length;
  if (unique < 6) score -= 2;

  const level = Math.max(1, Math.min(4, score)) as StrengthLevel;
  const label = (['Too short', 'Weak', 'Fair', 'Good', 'Strong'] as const)[level];
  return { level, label, tips, acceptable: level >= 2 };
}
