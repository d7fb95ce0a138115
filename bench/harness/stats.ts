/** Median of the samples (mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The p-th percentile by nearest rank: an actual sample, never interpolated. For a
 * throughput (higher is better) `worst` is the low end, so "p95" means the rate 95%
 * of the runs beat — the same reading as a p95 latency.
 */
export function percentile(samples: readonly number[], p: number, worst: 'high' | 'low'): number {
  const sorted = [...samples].sort((a, b) => (worst === 'high' ? a - b : b - a));
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Milliseconds a synchronous call takes. */
export function timeMs(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}
