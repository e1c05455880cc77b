import { performance } from 'node:perf_hooks';

/** Runs `operation` and returns how long it took in milliseconds, with its result. */
export async function timed(operation) {
  const started = performance.now();
  const value = await operation();
  return { ms: performance.now() - started, value };
}

/** Nearest-rank percentile of samples sorted ascending. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50, p95, p99 and max of a list of millisecond samples. */
export function latencySummary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}
