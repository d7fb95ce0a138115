import { HARD_CASES, MERCHANTS } from './merchants';

/**
 * A deterministic labelled set of bank-statement descriptions: each merchant written
 * the many ways banks write it (processor prefixes, store numbers, cities, dates, card
 * digits, mixed case). Seeded, so every run sees the same data.
 */
export interface LabelledDescription {
  description: string;
  category: string;
  merchant: string;
  /** True for merchants that never appear in training sets. */
  unseen: boolean;
}

const CITIES = [
  'SAN FRANCISCO CA',
  'NEW YORK NY',
  'SEATTLE WA',
  'AUSTIN TX',
  'LONDON',
  'MANCHESTER',
  'BERLIN',
  'MUENCHEN',
  'PARIS',
  'AMSTERDAM',
  'CHICAGO IL',
  'DUBLIN',
];
const PREFIXES = [
  '',
  '',
  '',
  'SQ *',
  'TST* ',
  'POS PURCHASE ',
  'CHECKCARD ',
  'DEBIT CARD PURCHASE ',
  'PAYPAL *',
  'VISA DEBIT ',
];

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
};

const digits = (random: () => number, count: number) =>
  Array.from({ length: count }, () => Math.floor(random() * 10)).join('');

/** One way a bank might write this merchant. */
export function writeAsBank(random: () => number, merchant: string): string {
  const shape = Math.floor(random() * 6);
  const prefix = pick(random, PREFIXES);
  const city = pick(random, CITIES);
  const mmdd = `${String(1 + Math.floor(random() * 12)).padStart(2, '0')}/${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  let text: string;
  switch (shape) {
    case 0:
      text = `${prefix}${merchant} #${digits(random, 4)}`;
      break;
    case 1:
      text = `${prefix}${merchant} ${city}`;
      break;
    case 2:
      text = `${prefix}${merchant} ${mmdd} CARD ${digits(random, 4)}`;
      break;
    case 3:
      text = `${merchant} ${digits(random, 3)} ${city} ${mmdd}`;
      break;
    case 4:
      text = `${prefix}${merchant}*${digits(random, 2)}${String.fromCharCode(65 + Math.floor(random() * 26))}${digits(random, 4)}`;
      break;
    default:
      text = merchant;
  }
  // Some banks write mixed case.
  if (random() < 0.2) text = text.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
  return text;
}

/** `count` descriptions of seen merchants, spread over categories the way spending is. */
export function generateDescriptions(
  seed: number,
  count: number,
  { unseen = false } = {},
): LabelledDescription[] {
  const random = seededRandom(seed);
  const out: LabelledDescription[] = [];
  for (let i = 0; i < count; i++) {
    const list = pick(random, MERCHANTS);
    const pool = unseen ? list.unseen : list.merchants;
    // Spending concentrates on a few merchants: favour the start of each list.
    const index = Math.min(pool.length - 1, Math.floor(pool.length * random() * random() * 1.4));
    const merchant = pool[index] ?? pick(random, pool);
    out.push({
      description: writeAsBank(random, merchant),
      category: list.category,
      merchant,
      unseen,
    });
  }
  return out;
}

export function hardCases(): LabelledDescription[] {
  return HARD_CASES.map((c) => ({ ...c, merchant: c.description, unseen: true }));
}

/** The ground truth a well-informed model would give: what the fake AI server answers. */
export function knownCategoryOf(description: string): string | null {
  const upper = description.toUpperCase();
  for (const list of MERCHANTS) {
    for (const merchant of [...list.merchants, ...list.unseen]) {
      const words = merchant.split(/[^A-Z&]+/).filter((w) => w.length > 2);
      const head = words.slice(0, 2).join(' ');
      if (head !== '' && upper.includes(head)) return list.category;
    }
  }
  return null;
}
