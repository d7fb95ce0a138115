import type { Iterations, SizeSpec } from '../harness/types';

/*
 * How many times each kind of scenario runs. Fast reads run often so the p95 means
 * something; a 1M-row write takes a minute or more, so it runs once with no warm-up
 * (its p95 is then the single sample).
 */

export const readIterations = (size: SizeSpec): Iterations =>
  size.rows >= 1_000_000 ? { warmup: 3, runs: 20 } : { warmup: 3, runs: 30 };

/** Reads that take up to seconds at 1M (paging to the end). */
export const longReadIterations = (size: SizeSpec): Iterations =>
  size.rows >= 1_000_000 ? { warmup: 1, runs: 5 } : { warmup: 1, runs: 10 };

export const writeIterations = (size: SizeSpec): Iterations => {
  if (size.rows <= 20_000) return { warmup: 1, runs: 5 };
  // Two runs keep `--quick` (whose 100k write dominates) under two minutes.
  if (size.rows <= 200_000) return { warmup: 0, runs: 2 };
  return { warmup: 0, runs: 1 };
};
