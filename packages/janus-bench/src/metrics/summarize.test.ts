import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './summarize';

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4], 50, 2.5],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 100, 4],
    [[10], 99, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1],
    [[0, 100], 99, 99],
  ])('should interpolate linearly: %j p%d = %d', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  it('should return null for no values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it.each([-1, 101, Number.NaN, 0.99 * 1000])(
    'should refuse p = %d outside 0–100 instead of answering NaN',
    p => {
      expect(() => percentile([1, 2, 3], p)).toThrow(RangeError);
    },
  );

  it('should interpolate between the two largest samples for p99 of a small sample (not the max)', () => {
    // n = 2: rank 0.99 → 10 + 0.99 · (20 − 10). Nearest-rank methods say 20.
    expect(percentile([10, 20], 99)).toBeCloseTo(19.9, 10);
  });
});

describe('summarize', () => {
  it('should compute mean, std, extremes and percentiles from unsorted input', () => {
    const summary = summarize([4, 1, 3, 2, Number.NaN]);
    expect(summary).toEqual({
      count: 4,
      mean: 2.5,
      min: 1,
      max: 4,
      std: Math.sqrt(1.25),
      p50: 2.5,
      p90: 3.7,
      p95: expect.closeTo(3.85, 10),
      p99: expect.closeTo(3.97, 10),
    });
  });

  it('should give nulls for no samples', () => {
    expect(summarize([])).toMatchObject({ count: 0, mean: null, p99: null });
  });
});
