/**
 * Durations kept as log-scale histograms (the database's `reporting.duration_bucket`, mirrored here):
 * milliseconds below 16 have a bucket each; above, a bucket is the highest bit of the duration and
 * the 3 bits after it, so every doubling has 8 buckets and a bucket is at most 1/8 of its lower
 * bound wide. A percentile is the bucket holding the exact nearest-rank value, reported as the
 * bucket's middle: within 1/16 (6.25%) of the exact value, exact below 16 ms. Counts and means are
 * exact (each bucket also sums its durations).
 */
export const PERCENTILE_RELATIVE_PRECISION = 1 / 16;

export const PERCENTILE_METHOD =
  'Nearest rank (the smallest duration at least that share of the samples do not exceed), read from a log-scale histogram: ' +
  'the middle of the bucket holding it, within 6.25% of the exact value (exact below 16 ms). Means and counts are exact.';

/** The bucket of a duration in milliseconds (as `reporting.duration_bucket`). */
export function bucketOf(ms: number): number {
  const whole = Math.max(0, Math.floor(ms));
  if (whole < 16) return whole;
  const highestBit = Math.floor(Math.log2(whole));
  // Math.log2 may round at exact powers of two: settle the highest bit with integer arithmetic.
  const e = 2 ** (highestBit + 1) <= whole ? highestBit + 1 : 2 ** highestBit > whole ? highestBit - 1 : highestBit;
  return 16 + (e - 4) * 8 + (Math.floor(whole / 2 ** (e - 3)) % 8);
}

/** The durations a bucket holds: from `lowerMs` (included) to `upperMs` (excluded). */
export function boundsOf(bucket: number): { lowerMs: number; upperMs: number } {
  if (bucket < 16) return { lowerMs: bucket, upperMs: bucket + 1 };
  const e = 4 + Math.floor((bucket - 16) / 8);
  const mantissa = (bucket - 16) % 8;
  return { lowerMs: (8 + mantissa) * 2 ** (e - 3), upperMs: (9 + mantissa) * 2 ** (e - 3) };
}

/** What a percentile in this bucket is reported as: its middle (its only value below 16 ms). */
export function representativeMs(bucket: number): number {
  const { lowerMs, upperMs } = boundsOf(bucket);
  return bucket < 16 ? lowerMs : (lowerMs + upperMs) / 2;
}

export interface HistogramRow {
  bucket: number;
  samples: number;
  totalMs: number;
}

export interface DurationSummary {
  samples: number;
  meanSeconds: number | null;
  p50Seconds: number | null;
  p90Seconds: number | null;
}

/** Count, mean, median and 90th percentile (nearest rank) of one figure's histogram. */
export function summarize(rows: readonly HistogramRow[]): DurationSummary {
  const sorted = [...rows].filter((row) => row.samples > 0).sort((a, b) => a.bucket - b.bucket);
  const samples = sorted.reduce((sum, row) => sum + row.samples, 0);
  if (samples === 0) return { samples: 0, meanSeconds: null, p50Seconds: null, p90Seconds: null };
  const totalMs = sorted.reduce((sum, row) => sum + row.totalMs, 0);
  const percentile = (percent: number): number => {
    // Integer arithmetic: 0.9 * 30 is 27.000000000000004 in floating point, and its rank 28.
    const rank = Math.max(1, Math.ceil((percent * samples) / 100));
    let seen = 0;
    for (const row of sorted) {
      seen += row.samples;
      if (seen >= rank) return representativeMs(row.bucket) / 1000;
    }
    return representativeMs(sorted[sorted.length - 1].bucket) / 1000;
  };
  return { samples, meanSeconds: Math.round(totalMs / samples) / 1000, p50Seconds: percentile(50), p90Seconds: percentile(90) };
}
