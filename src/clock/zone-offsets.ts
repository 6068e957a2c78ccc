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

/** A change of a zone's UTC offset (a DST start or end, or a change of the zone's rules). */
export interface OffsetChange {
  /** The first instant (epoch ms) at the new offset. */
  at: number;
  /** Offsets in minutes east of UTC, before and from `at` on. */
  fromMinutes: number;
  toMinutes: number;
}

/** The offset changes of a zone within `[fromMs, toMs)`, in order: what "explain" reports as DST changes crossed. */
export function offsetChanges(zoneName: string, fromMs: number, toMs: number): OffsetChange[] {
  if (!(toMs > fromMs)) return [];
  const { starts, offsets } = offsetSegments(zoneName, fromMs, toMs);
  const out: OffsetChange[] = [];
  for (let i = 1; i < starts.length; i++) {
    if (starts[i]! >= toMs) break;
    out.push({ at: starts[i]!, fromMinutes: offsets[i - 1]! / 60_000, toMinutes: offsets[i]! / 60_000 });
  }
  return out;
}

/** `+01:00`, `-05:00`, `+05:30`: an offset in minutes as ISO 8601 writes it. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
