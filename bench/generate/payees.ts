import { Prng, WeightedPicker, zipfWeights } from './prng';
import { CATEGORY_PROFILES, type CategoryProfile } from './profiles';

const PREFIXES = [
  'Green', 'Oak', 'Blue', 'Maple', 'Sunset', 'Harbor', 'Union', 'Main Street', 'Golden',
  'River', 'Summit', 'Pine', 'Corner', 'City', 'Metro', 'Liberty', 'Royal', 'Fresh',
  'Urban', 'Village', 'Northside', 'Lakeside', 'Cedar', 'Silver', 'Red Barn', 'Hilltop',
  "Joe's", "Maria's", "Sam's", "Lucy's", 'Bayview', 'Elm', 'Granite', 'Prairie', 'Willow',
  'Station', 'Market Square', 'Westend', 'Eastgate', 'Copper',
]; // prettier-ignore

/**
 * The payees of one category and how often each is visited: Zipf-ranked, so the
 * favourite supermarket gets a large share and most payees appear a handful of times.
 */
export interface PayeePool {
  names: readonly string[];
  picker: WeightedPicker<string>;
}

/**
 * About 2,000 distinct payee names, built from the category's nouns ("Green Market",
 * "Corner Store #12"). The catalogue has its own PRNG stream, so it is the same for
 * every ledger size of a seed.
 */
export function buildPayeePools(seed: number): Map<string, PayeePool> {
  const rng = new Prng(seed ^ 0x5eed_9a7e);
  const taken = new Set<string>();
  const pools = new Map<string, PayeePool>();
  for (const profile of CATEGORY_PROFILES) {
    const names = namesFor(profile, rng, taken);
    pools.set(profile.category, {
      names,
      picker: new WeightedPicker(names, zipfWeights(names.length)),
    });
  }
  return pools;
}

function namesFor(profile: CategoryProfile, rng: Prng, taken: Set<string>): string[] {
  const names: string[] = [];
  while (names.length < profile.payees) {
    const noun = rng.pick(profile.nouns);
    let name = `${rng.pick(PREFIXES)} ${noun}`;
    // Chains get store numbers, the way bank statements print them.
    if (taken.has(name.toLowerCase())) name = `${name} #${rng.int(2, 999)}`;
    if (taken.has(name.toLowerCase())) continue;
    taken.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

/** Every payee name a seed can produce, for tests and the self-check. */
export function payeeCount(pools: Map<string, PayeePool>): number {
  let count = 0;
  for (const pool of pools.values()) count += pool.names.length;
  return count;
}
