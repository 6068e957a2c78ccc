/**
 * A sparse log-bucket histogram of durations: bucket k ≥ 1 holds [γ^(k−1), γ^k) ms with
 * γ = 1.02, bucket 0 holds [0, 1) ms. A bucket is 2% wide, and a quantile is answered with
 * its bucket's geometric middle, so it is within ±1% of the exact nearest-rank quantile
 * (reports promise ±2%). Counts may go down (retracted outcomes); empty buckets are dropped.
 */

/** Bucket growth factor: the relative width of a bucket. */
export const GAMMA = 1.02;
const LN_GAMMA = Math.log(GAMMA);

/** Bucket index → count. */
export type LogHistogram = Map<number, number>;

/** The bucket a duration (ms) falls in. */
export function bucketOf(ms: number): number {
  return ms < 1 ? 0 : 1 + Math.floor(Math.log(ms) / LN_GAMMA);
}

/** The value a bucket stands for: its geometric middle (0 for bucket 0). */
export function bucketValue(bucket: number): number {
  return bucket <= 0 ? 0 : Math.pow(GAMMA, bucket - 0.5);
}

/** Adds `count` (may be negative) to a bucket; a bucket that reaches 0 is removed. */
export function addToBucket(h: LogHistogram, bucket: number, count: number): void {
  const next = (h.get(bucket) ?? 0) + count;
  if (next === 0) h.delete(bucket);
  else h.set(bucket, next);
}

/** Adds every bucket of `from` into `into`. */
export function mergeHistogram(into: LogHistogram, from: LogHistogram): void {
  for (const [bucket, count] of from) addToBucket(into, bucket, count);
}

/**
 * A dense histogram for summing many stored ones quickly (queries read dozens of periods):
 * counts in an array indexed by bucket, allocated on the first count. Same buckets as
 * `LogHistogram`.
 */
export class DenseHistogram {
  private counts: Float64Array | null = null;

  add(bucket: number, count: number): void {
    if (this.counts === null || bucket >= this.counts.length) {
      // 1,200 buckets reach 60 days; longer durations grow it.
      const grown = new Float64Array(Math.max(1_200, 2 ** Math.ceil(Math.log2(bucket + 1))));
      if (this.counts !== null) grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[bucket]! += count;
  }

  /** Adds a stored histogram: `[bucket0, count0, bucket1 − bucket0, count1, …]`. */
  addDeltaCoded(flat: readonly number[]): void {
    let bucket = 0;
    for (let i = 0; i + 1 < flat.length; i += 2) {
      bucket += flat[i]!;
      this.add(bucket, flat[i + 1]!);
    }
  }

  /**
   * The nearest-rank quantile (q in (0, 1]): the value of the first bucket by which at least
   * ⌈q·n⌉ durations are counted. Null when the histogram holds nothing.
   */
  quantile(q: number): number | null {
    const counts = this.counts;
    if (counts === null) return null;
    let total = 0;
    for (let b = 0; b < counts.length; b++) if (counts[b]! > 0) total += counts[b]!;
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (let b = 0; b < counts.length; b++) {
      if (counts[b]! <= 0) continue;
      seen += counts[b]!;
      if (seen >= rank) return bucketValue(b);
    }
    return null;
  }
}
