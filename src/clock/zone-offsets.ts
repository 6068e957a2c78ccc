/**
 * UTC-offset history of a time zone over a span of real time, found with luxon (the only
 * place the clock asks a date library anything). Sampled daily, each change pinned to the
 * millisecond by bisection; real zones never change offset twice within a day and back.
 */
import { IANAZone } from 'luxon';
import { DAY_MS } from './civil-date.js';

/** Segment `i` covers real instants `[starts[i], starts[i + 1])` at wall = real + `offsets[i]` (ms). */
export interface OffsetSegments {
  starts: number[];
  offsets: number[];
}

/** Offset segments covering `[fromMs, toMs]`; the first starts at `fromMs`. */
export function offsetSegments(zoneName: string, fromMs: number, toMs: number): OffsetSegments {
  const zone = IANAZone.create(zoneName);
  const offsetAt = (t: number) => Math.round(zone.offset(t) * 60_000);
  const starts = [fromMs];
  const offsets = [offsetAt(fromMs)];
  let prevT = fromMs;
  let current = offsets[0]!;
  while (prevT < toMs) {
    const t = Math.min(prevT + DAY_MS, toMs);
    const sampled = offsetAt(t);
    let lo = prevT;
    while (sampled !== current) {
      // Bisect for the first instant in (lo, t] whose offset differs from `current`.
      let a = lo;
      let b = t;
      while (b - a > 1) {
        const mid = Math.floor((a + b) / 2);
        if (offsetAt(mid) === current) a = mid;
        else b = mid;
      }
      current = offsetAt(b);
      starts.push(b);
      offsets.push(current);
      lo = b;
    }
    prevT = t;
  }
  return { starts, offsets };
}
