/**
 * A small seeded PRNG (mulberry32) and the distributions the generator needs.
 * Math.random is never used: the same seed must give the same ledger on every
 * machine and Node version, so benchmark numbers stay comparable run to run.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). mulberry32: 32-bit state, good enough spread for test data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** A standard normal deviate (Box–Muller; the second value is dropped for simplicity). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal around `median`: money amounts are skewed (many small, few large). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}

/**
 * Draws indexes with fixed weights in O(log n): cumulative sums + binary search.
 * Used for category mix, account choice and Zipf-ranked payees.
 */
export class WeightedPicker<T> {
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) {
      throw new Error('weighted picker needs one positive weight per item');
    }
    let sum = 0;
    this.cumulative = weights.map((weight) => (sum += weight));
    this.total = sum;
  }

  pick(rng: Prng): T {
    const target = rng.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    return this.items[low] as T;
  }
}

/** Zipf weights 1/rank^s: a few payees get most of the visits, a long tail gets one or two. */
export function zipfWeights(count: number, exponent = 1.07): number[] {
  return Array.from({ length: count }, (_unused, rank) => 1 / (rank + 1) ** exponent);
}
