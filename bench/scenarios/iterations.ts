import type { Iterations, Plan, SizeSpec } from '../harness/types';

/*
 * How many times each kind of scenario runs. Fast reads run often so the p95 means
 * something; a 1M-row write takes a minute or more, so it runs once with no warm-up
 * (its p95 is then the single sample). `--quick` runs fewer so 10k + 100k, peers
 * included, fit in two minutes.
 */

export const readIterations = (size: SizeSpec, plan?: Plan): Iterations => {
  if (plan?.quick) return { warmup: 2, runs: 15 };
  return size.rows >= 1_000_000 ? { warmup: 3, runs: 20 } : { warmup: 3, runs: 30 };
};

/** Reads that take up to seconds at 1M (paging to the end). */
export const longReadIterations = (size: SizeSpec, plan?: Plan): Iterations => {
  if (plan?.quick) return { warmup: 1, runs: 5 };
  return size.rows >= 1_000_000 ? { warmup: 1, runs: 5 } : { warmup: 1, runs: 10 };
};

export const writeIterations = (size: SizeSpec, plan?: Plan): Iterations => {
  if (size.rows <= 20_000) return plan?.quick ? { warmup: 1, runs: 3 } : { warmup: 1, runs: 5 };
  if (size.rows <= 200_000) return plan?.quick ? { warmup: 0, runs: 1 } : { warmup: 0, runs: 2 };
  return { warmup: 0, runs: 1 };
};
