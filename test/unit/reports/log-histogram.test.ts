import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToBucket, bucketOf, bucketValue, DenseHistogram, GAMMA, type LogHistogram } from '../../../src/reports/log-histogram.js';

const histogramOf = (values: number[]): DenseHistogram => {
  const h = new DenseHistogram();
  for (const v of values) h.add(bucketOf(v), 1);
  return h;
};

/** Nearest rank over the exact values: the ⌈q·n⌉-th smallest. */
const exactQuantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1]!;

describe('log histogram', () => {
  it('buckets are at most 2% wide and the bucket value is inside its bucket', () => {
    for (const v of [1, 2, 999, 1_000, 60_000, 3_600_000, 86_400_000 * 30]) {
      const k = bucketOf(v);
      const lo = Math.pow(GAMMA, k - 1);
      const hi = Math.pow(GAMMA, k);
      expect(v).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
      expect(v).toBeLessThan(hi * (1 + 1e-12));
      expect(hi / lo).toBeCloseTo(1.02, 10);
      expect(bucketValue(k)).toBeGreaterThan(lo);
      expect(bucketValue(k)).toBeLessThan(hi);
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketValue(0)).toBe(0);
  });

  it('median and p90 by hand: ten durations of 1..10 minutes', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => m * 60_000);
    const h = histogramOf(minutes);
    // Nearest rank: median = 5th = 5 min, p90 = 9th = 9 min; answered within ±1% (half a bucket).
    expect(Math.abs(h.quantile(0.5)! / 300_000 - 1)).toBeLessThan(0.01);
    expect(Math.abs(h.quantile(0.9)! / 540_000 - 1)).toBeLessThan(0.01);
    expect(h.quantile(1)).toBe(bucketValue(bucketOf(600_000)));
  });

  it('retracted counts leave the sparse histogram as if never added', () => {
    const h: LogHistogram = new Map();
    addToBucket(h, bucketOf(60_000), 1);
    addToBucket(h, bucketOf(120_000), 1);
    addToBucket(h, bucketOf(120_000), -1);
    expect([...h]).toEqual([[bucketOf(60_000), 1]]);
    addToBucket(h, bucketOf(60_000), -1);
    expect(h.size).toBe(0);
  });

  it('the dense histogram adds stored (delta-coded) ones, ignores emptied buckets, and is null when empty', () => {
    const h = new DenseHistogram();
    expect(h.quantile(0.5)).toBeNull();
    h.addDeltaCoded([100, 2, 50, 1]); // buckets 100 (×2) and 150
    h.add(150, -1);
    h.add(5_000, 1); // beyond the first allocation: grows
    expect(h.quantile(0.5)).toBe(bucketValue(100));
    expect(h.quantile(1)).toBe(bucketValue(5_000));
    h.add(100, -2);
    h.add(5_000, -1);
    expect(h.quantile(0.5)).toBeNull();
  });

  it('any quantile of any durations is within ±2% of the exact nearest-rank one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 * 86_400_000 }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (values, q) => {
        const got = histogramOf(values).quantile(q)!;
        const want = exactQuantile(values, q);
        expect(Math.abs(got / want - 1)).toBeLessThanOrEqual(0.02);
      }),
      { numRuns: 500 },
    );
  });
});
