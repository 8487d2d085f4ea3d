/** Summary statistics of one metric over many samples. */
export interface MetricSummary {
  /** Number of samples. */
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Population standard deviation. */
  std: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * The percentile method used everywhere in reports: linear interpolation
 * between the closest ranks (numpy's default, `method='linear'`), as vLLM,
 * genai-perf and llmperf use.
 */
export const PERCENTILE_METHOD =
  'linear interpolation between closest ranks (numpy default): rank = p/100 * (n - 1)';

/**
 * The `p`-th percentile (0–100) of ascending-sorted values, by
 * {@link PERCENTILE_METHOD}. `null` for no values.
 *
 * @example percentile([1, 2, 3, 4], 50) // 2.5
 * @throws RangeError when `p` is not a number from 0 to 100 (an index
 * outside the samples would otherwise come back as NaN).
 */
export function percentile(
  sorted: readonly number[],
  p: number,
): number | null {
  if (!(p >= 0 && p <= 100))
    throw new RangeError(`Percentile must be from 0 to 100, got ${p}`);
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (rank - lower);
}

/**
 * Mean, min, max, std and p50/p90/p95/p99 of `values` (any order;
 * non-finite values are ignored). Every field is `null` for no samples.
 */
export function summarize(values: readonly number[]): MetricSummary {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) {
    return {
      count,
      mean: null,
      min: null,
      max: null,
      std: null,
      p50: null,
      p90: null,
      p95: null,
      p99: null,
    };
  }
  let sum = 0;
  for (const value of sorted) sum += value;
  const mean = sum / count;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) ** 2;
  return {
    count,
    mean,
    min: sorted[0]!,
    max: sorted[count - 1]!,
    std: Math.sqrt(squares / count),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}
