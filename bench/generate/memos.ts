import type { Prng } from './prng';
import { COMMON_TERM, RARE_TERM, RARE_TERM_SHARE, type Channel } from './profiles';

/**
 * A bank-statement-like memo. The words are chosen for full-text search: "store"
 * ends up in about a third of all rows (the common term whose first page must not
 * depend on how many rows match), "ref 12345" adds a long tail of unique tokens the
 * way real statements do, and "warranty" is rare.
 */
export function memoFor(rng: Prng, channel: Channel, refund: boolean): string {
  const words: string[] = refund ? ['refund'] : [];
  const roll = rng.next();
  switch (channel) {
    case 'card':
      if (roll < 0.45) words.push(`in ${COMMON_TERM}`);
      else if (roll < 0.65) words.push('online order');
      else if (roll < 0.75) words.push('contactless');
      break;
    case 'bill':
      words.push(roll < 0.5 ? 'monthly bill' : 'autopay');
      break;
    case 'income':
      words.push(roll < 0.7 ? `invoice ${rng.int(1_000, 9_999)}` : 'payment received');
      break;
    case 'none':
      break;
  }
  if (rng.chance(0.05)) words.push(`ref ${rng.int(10_000, 99_999)}`);
  if (rng.chance(RARE_TERM_SHARE)) words.push(RARE_TERM);
  return words.join(' ');
}
