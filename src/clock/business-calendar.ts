/**
 * Business calendars: how much open time lies between two instants, and when a given amount
 * of open time will have passed.
 *
 * Real time is cut into fixed chunks of about 398 days. Each chunk is built once, on first
 * use: every local day's shifts are mapped to real UTC intervals through the zone's offset
 * history, then merged and summed into prefix sums. Queries are then arithmetic and binary
 * search over typed arrays; whole chunks are skipped by their totals, never walked.
 */
import { compileCalendarSpec, type CalendarSpec, type CompiledSpec, type MinuteRange } from './calendar-spec.js';
import { civilFromDays, DAY_MS, MINUTE_MS, weekdayOfDays } from './civil-date.js';
import { offsetSegments, type OffsetSegments } from './zone-offsets.js';

/** Answers about business time. Instants are epoch milliseconds, durations milliseconds. */
export interface BusinessCalendar {
  /** Earliest instant t >= startMs such that the open time in [startMs, t) equals durationMs. */
  addBusinessTime(startMs: number, durationMs: number): number;
  /** Open time in [fromMs, toMs), in ms; 0 when toMs <= fromMs. */
  businessTimeBetween(fromMs: number, toMs: number): number;
  isOpen(atMs: number): boolean;
  /** The first instant >= atMs that is open. */
  nextOpen(atMs: number): number;
  /**
   * The open intervals `[from, to)` within [fromMs, toMs), clipped, sorted and disjoint: what
   * a countdown needs to tick in business time on its own, and what "explain" shows.
   */
  openIntervals(fromMs: number, toMs: number): Array<[number, number]>;
}

/** Builds a calendar from its config spec; throws `CalendarSpecError` naming every problem. */
export function createCalendar(spec: CalendarSpec): BusinessCalendar {
  const compiled = compileCalendarSpec(spec);
  return compiled.always ? alwaysOpen : new IndexedCalendar(compiled);
}

/** Length of a chunk of real time: 2^35 ms, about 398 days. */
export const CHUNK_MS = 2 ** 35;
/** How far a query may search for open time before it gives up on a calendar that never opens. */
const MAX_CHUNKS_SEARCHED = 2_000;

const alwaysOpen: BusinessCalendar = {
  addBusinessTime: (startMs, durationMs) => (checkInstant(startMs), checkDuration(durationMs), startMs + durationMs),
  businessTimeBetween: (fromMs, toMs) => (checkInstant(fromMs), checkInstant(toMs), Math.max(0, toMs - fromMs)),
  isOpen: (atMs) => (checkInstant(atMs), true),
  nextOpen: (atMs) => (checkInstant(atMs), atMs),
  openIntervals: (fromMs, toMs) => (checkInstant(fromMs), checkInstant(toMs), toMs > fromMs ? [[fromMs, toMs]] : []),
};

/** Open intervals of one chunk: `[starts[i], ends[i])`, sorted and disjoint; `cum[i]` is the open time before interval i. */
interface Chunk {
  n: number;
  starts: Float64Array;
  ends: Float64Array;
  cum: Float64Array;
  total: number;
}

class IndexedCalendar implements BusinessCalendar {
  private readonly chunks = new Map<number, Chunk>();

  constructor(private readonly spec: CompiledSpec) {}

  addBusinessTime(startMs: number, durationMs: number): number {
    checkInstant(startMs);
    checkDuration(durationMs);
    if (durationMs === 0) return startMs;
    let k = chunkIndex(startMs);
    let chunk = this.chunk(k);
    let target = openBefore(chunk, startMs) + durationMs;
    const firstK = k;
    while (target > chunk.total) {
      target -= chunk.total;
      chunk = this.chunk(++k);
      if (k - firstK > MAX_CHUNKS_SEARCHED) throw new RangeError('calendar has no open time in reach of this duration');
    }
    // Smallest j in 1..n with cum[j] >= target: the interval j-1 holds the end.
    const { cum, starts } = chunk;
    let lo = 1;
    let hi = chunk.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return starts[lo - 1]! + (target - cum[lo - 1]!);
  }

  businessTimeBetween(fromMs: number, toMs: number): number {
    checkInstant(fromMs);
    checkInstant(toMs);
    if (toMs <= fromMs) return 0;
    const kf = chunkIndex(fromMs);
    const kt = chunkIndex(toMs);
    const first = this.chunk(kf);
    if (kf === kt) return openBefore(first, toMs) - openBefore(first, fromMs);
    let sum = first.total - openBefore(first, fromMs);
    for (let k = kf + 1; k < kt; k++) sum += this.chunk(k).total;
    return sum + openBefore(this.chunk(kt), toMs);
  }

  isOpen(atMs: number): boolean {
    checkInstant(atMs);
    const chunk = this.chunk(chunkIndex(atMs));
    const i = firstEndAfter(chunk.ends, chunk.n, atMs);
    return i < chunk.n && chunk.starts[i]! <= atMs;
  }

  nextOpen(atMs: number): number {
    checkInstant(atMs);
    let k = chunkIndex(atMs);
    let chunk = this.chunk(k);
    const i = firstEndAfter(chunk.ends, chunk.n, atMs);
    if (i < chunk.n) return Math.max(atMs, chunk.starts[i]!);
    const firstK = k;
    do {
      chunk = this.chunk(++k);
      if (k - firstK > MAX_CHUNKS_SEARCHED) throw new RangeError('calendar never opens after this instant');
    } while (chunk.n === 0);
    return chunk.starts[0]!;
  }

  openIntervals(fromMs: number, toMs: number): Array<[number, number]> {
    checkInstant(fromMs);
    checkInstant(toMs);
    const out: Array<[number, number]> = [];
    if (toMs <= fromMs) return out;
    for (let k = chunkIndex(fromMs); k <= chunkIndex(toMs); k++) {
      const chunk = this.chunk(k);
      for (let i = firstEndAfter(chunk.ends, chunk.n, fromMs); i < chunk.n && chunk.starts[i]! < toMs; i++) {
        const from = Math.max(fromMs, chunk.starts[i]!);
        const to = Math.min(toMs, chunk.ends[i]!);
        // Chunks cut intervals at their edges: join the pieces again.
        const last = out[out.length - 1];
        if (last !== undefined && last[1] === from) last[1] = to;
        else out.push([from, to]);
      }
    }
    return out;
  }

  private chunk(k: number): Chunk {
    let chunk = this.chunks.get(k);
    if (chunk === undefined) {
      chunk = buildChunk(this.spec, k * CHUNK_MS, (k + 1) * CHUNK_MS);
      this.chunks.set(k, chunk);
    }
    return chunk;
  }
}

function chunkIndex(t: number): number {
  return Math.floor(t / CHUNK_MS);
}

/** Index of the first interval whose end is after t (n when none). */
function firstEndAfter(ends: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Open time in the chunk before instant t (t inside the chunk). */
function openBefore(chunk: Chunk, t: number): number {
  const i = firstEndAfter(chunk.ends, chunk.n, t);
  if (i === chunk.n) return chunk.total;
  const start = chunk.starts[i]!;
  return chunk.cum[i]! + (t > start ? t - start : 0);
}

/** Open intervals in real time `[fromMs, toMs)`, from every local day whose shifts can reach it. */
function buildChunk(spec: CompiledSpec, fromMs: number, toMs: number): Chunk {
  const segments = offsetSegments(spec.zone, fromMs, toMs);
  const raw: number[] = [];
  const lastDay = Math.floor(toMs / DAY_MS) + 1;
  for (let day = Math.floor(fromMs / DAY_MS) - 3; day <= lastDay; day++) {
    for (const [startMin, endMin] of shiftsOf(spec, day)) {
      addPreimage(raw, segments, toMs, day * DAY_MS + startMin * MINUTE_MS, day * DAY_MS + endMin * MINUTE_MS);
    }
  }
  return toChunk(raw);
}

/** The shifts that start on a local day: a holiday's hours replace the weekday's. */
function shiftsOf(spec: CompiledSpec, day: number): readonly MinuteRange[] {
  const dated = spec.dated.get(day);
  if (dated !== undefined) return dated.hours;
  if (spec.yearly.size > 0) {
    const { year, month, day: dom } = civilFromDays(day);
    const rule = spec.yearly.get(month * 100 + dom)?.find((r) => r.sinceYear === undefined || r.sinceYear <= year);
    if (rule !== undefined) return rule.hours;
  }
  return spec.weekly[weekdayOfDays(day)]!;
}

/**
 * Appends the real instants whose wall-clock time lies in [wallStart, wallEnd): per offset
 * segment, wall = real + offset, so the preimage is the wall range shifted back, cut to the
 * segment. A fall-back night yields two pieces; a spring-forward gap yields none.
 */
function addPreimage(out: number[], seg: OffsetSegments, segEnd: number, wallStart: number, wallEnd: number): void {
  const n = seg.starts.length;
  for (let i = 0; i < n; i++) {
    const offset = seg.offsets[i]!;
    const lo = Math.max(seg.starts[i]!, wallStart - offset);
    const hi = Math.min(i + 1 < n ? seg.starts[i + 1]! : segEnd, wallEnd - offset);
    if (hi > lo) out.push(lo, hi);
  }
}

/** Sorts and merges `[start, end, start, end, …]` into a chunk with prefix sums. */
function toChunk(raw: number[]): Chunk {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const p of pairs) {
    const last = merged[merged.length - 1];
    if (last !== undefined && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else merged.push([p[0], p[1]]);
  }
  const n = merged.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const [s, e] = merged[i]!;
    starts[i] = s;
    ends[i] = e;
    cum[i + 1] = cum[i]! + (e - s);
  }
  return { n, starts, ends, cum, total: cum[n]! };
}

function checkInstant(t: number): void {
  if (!Number.isFinite(t)) throw new RangeError(`instant must be a finite number of epoch ms, got ${t}`);
}

function checkDuration(d: number): void {
  if (!Number.isFinite(d) || d < 0) throw new RangeError(`duration must be a finite, non-negative number of ms, got ${d}`);
}
