/**
 * Property tests of the business calendar against a brute-force reference written here,
 * independent of the library (and of luxon): real time is walked minute by minute, the
 * zone's wall clock is asked of `Intl.DateTimeFormat` for every real minute, and a minute is
 * open when its wall time lies inside a shift of the local day it belongs to (or an overnight
 * shift of the day before). Holidays replace the shifts that start on them.
 *
 * Every generated interval boundary is a whole wall-clock minute and every zone used changes
 * offset on whole minutes, so openness is constant within each real minute; instants and
 * durations with a sub-minute part are still handled exactly (linear inside the minute).
 *
 * Cost: wall-clock tables are built once per (zone, window) and shared by every calendar in
 * that window; each calendar's minute table covers one window of WINDOW_DAYS days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/clock/index.js';
import type { BusinessCalendar, CalendarSpec, HolidaySpec } from '../../../src/clock/index.js';

const MIN = 60_000;
const DAY = 86_400_000;
const WINDOW_DAYS = 35;
const WINDOW_MIN = WINDOW_DAYS * 1440;
/** Sample starts fall in the first three weeks of a window. */
const START_SPAN_MIN = 21 * 1440;
/** Up to ~60 business hours. */
const MAX_DURATION_MIN = 60 * 60;

const SAMPLES_PER_CALENDAR = 10;
const DST_WINDOW_CALENDARS = 600;
const ANY_WINDOW_CALENDARS = 500;
const TOTAL_SAMPLES = (DST_WINDOW_CALENDARS + ANY_WINDOW_CALENDARS) * SAMPLES_PER_CALENDAR; // 11,000

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/Santiago',
  'America/Sao_Paulo',
  'America/St_Johns',
  'Asia/Tokyo',
  'UTC',
] as const;

// ---------------------------------------------------------------------------------------------
// The zone's wall clock, from Intl only.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

const WALL_RE = /^(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)$/;

/** Wall clock at real instant t (whole minute): local day number (days since 1970-01-01) and minute of day. */
function wallClock(f: Intl.DateTimeFormat, t: number): { day: number; minute: number } {
  const text = f.format(t);
  const m = WALL_RE.exec(text);
  if (m === null) throw new Error(`unexpected Intl output ${JSON.stringify(text)}`);
  const [month, dom, year, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  return { day: Date.UTC(year, month - 1, dom) / DAY, minute: hour * 60 + minute };
}

interface WallTable {
  day: Int32Array;
  minute: Int16Array;
}

const wallTables = new Map<string, WallTable>();

/** Wall clock of every real minute of the window starting at w0. */
function wallTable(zone: string, w0: number): WallTable {
  const key = `${zone}@${w0}`;
  let table = wallTables.get(key);
  if (table === undefined) {
    const f = formatterFor(zone);
    table = { day: new Int32Array(WINDOW_MIN), minute: new Int16Array(WINDOW_MIN) };
    for (let i = 0; i < WINDOW_MIN; i++) {
      const w = wallClock(f, w0 + i * MIN);
      table.day[i] = w.day;
      table.minute[i] = w.minute;
    }
    wallTables.set(key, table);
  }
  return table;
}

/** UTC offset in minutes at a whole-minute instant, from Intl. */
function offsetMinutes(zone: string, t: number): number {
  const w = wallClock(formatterFor(zone), t);
  return (w.day * DAY + w.minute * MIN - t) / MIN;
}

/** Days (UTC midnights) on which the zone's offset changes in a year, found by an hourly Intl scan. */
function transitionDays(zone: string, year: number): number[] {
  const out: number[] = [];
  let t = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  let prev = offsetMinutes(zone, t);
  for (t += 3_600_000; t < end; t += 3_600_000) {
    const o = offsetMinutes(zone, t);
    if (o !== prev) out.push(Math.floor(t / DAY));
    prev = o;
  }
  return out;
}

interface Window {
  zone: string;
  /** Window start: a UTC midnight. */
  w0: number;
}

/** Windows around every offset change in 2018 and 2026 (two weeks before to three weeks after). */
const DST_WINDOWS: Window[] = ZONES.flatMap((zone) =>
  [2018, 2026].flatMap((year) => transitionDays(zone, year).map((day) => ({ zone, w0: (day - 14) * DAY }))),
);

/** 2^35 ms: the library indexes real time in chunks of this size; windows across a chunk edge are worth having. */
const CHUNK_EDGE_MS = 2 ** 35;

/** Per zone: two windows spread pseudo-randomly over 1995–2036, and one across a chunk edge. */
const ANY_WINDOWS: Window[] = ZONES.flatMap((zone, z) => {
  const firstDay = Date.UTC(1995, 0, 1) / DAY;
  const spanDays = Date.UTC(2036, 0, 1) / DAY - firstDay;
  const spread = [0, 1].map((r) => ({ zone, w0: (firstDay + ((z * 7_919 + r * 104_729 + 12_345) * 2_654_435) % spanDays) * DAY }));
  const edge = (46 + z) * CHUNK_EDGE_MS; // 46 → 2019-07, 57 → 2032-01
  return [...spread, { zone, w0: (Math.floor(edge / DAY) - 10) * DAY }];
});

// ---------------------------------------------------------------------------------------------
// The reference model and its minute table.

/** Minutes from the start of the local day the shift starts on; start < end <= start + 1440. */
interface Shift {
  start: number;
  end: number;
  text: string;
}

interface Model {
  zone: string;
  /** Index 0 = Monday … 6 = Sunday. */
  weekly: Shift[][];
  /** Local day number → shifts of that day. */
  dated: Map<number, Shift[]>;
  /** "M-D" → rule. */
  yearly: Map<string, { since: number | undefined; hours: Shift[] }>;
}

function civil(day: number): { year: number; month: number; dom: number; weekday: number } {
  const d = new Date(day * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dom: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 };
}

function shiftsOfDay(model: Model, day: number): Shift[] {
  const dated = model.dated.get(day);
  if (dated !== undefined) return dated;
  const { year, month, dom, weekday } = civil(day);
  const rule = model.yearly.get(`${month}-${dom}`);
  if (rule !== undefined && (rule.since === undefined || rule.since <= year)) return rule.hours;
  return model.weekly[weekday]!;
}

class Reference {
  /** open[i]: real minute i of the window is open. */
  readonly open: Uint8Array;
  /** cum[i]: open minutes before minute i. */
  readonly cum: Int32Array;
  readonly end: number;

  constructor(model: Model, readonly w0: number) {
    const wall = wallTable(model.zone, w0);
    const byDay = new Map<number, Shift[]>();
    const shifts = (day: number) => {
      let s = byDay.get(day);
      if (s === undefined) byDay.set(day, (s = shiftsOfDay(model, day)));
      return s;
    };
    this.open = new Uint8Array(WINDOW_MIN);
    this.cum = new Int32Array(WINDOW_MIN + 1);
    for (let i = 0; i < WINDOW_MIN; i++) {
      const day = wall.day[i]!;
      const m = wall.minute[i]!;
      let open = false;
      for (const s of shifts(day)) if (s.start <= m && m < s.end) open = true;
      if (!open) for (const s of shifts(day - 1)) if (s.start <= m + 1440 && m + 1440 < s.end) open = true;
      this.open[i] = open ? 1 : 0;
      this.cum[i + 1] = this.cum[i]! + (open ? 1 : 0);
    }
    this.end = w0 + WINDOW_MIN * MIN;
  }

  inWindow(t: number): boolean {
    return t >= this.w0 && t < this.end;
  }

  /** Open ms in [w0, t), t in [w0, end]. */
  openBefore(t: number): number {
    const x = t - this.w0;
    const i = Math.floor(x / MIN);
    if (i >= WINDOW_MIN) return this.cum[WINDOW_MIN]! * MIN;
    return this.cum[i]! * MIN + this.open[i]! * (x - i * MIN);
  }

  between(a: number, b: number): number {
    return b <= a ? 0 : this.openBefore(b) - this.openBefore(a);
  }

  /** Earliest t >= s with open time d in [s, t); undefined when the window does not hold it. */
  add(s: number, d: number): number | undefined {
    if (d === 0) return s;
    const target = this.openBefore(s) + d;
    if (target > this.cum[WINDOW_MIN]! * MIN) return undefined;
    // Smallest minute i with cum[i + 1] * MIN >= target; that minute is open.
    let lo = 0;
    let hi = WINDOW_MIN - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid + 1]! * MIN >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.w0 + lo * MIN + (target - this.cum[lo]! * MIN);
  }

  isOpen(t: number): boolean {
    return this.open[Math.floor((t - this.w0) / MIN)] === 1;
  }

  nextOpen(t: number): number | undefined {
    const i = Math.floor((t - this.w0) / MIN);
    if (this.open[i] === 1) return t;
    for (let j = i + 1; j < WINDOW_MIN; j++) if (this.open[j] === 1) return this.w0 + j * MIN;
    return undefined;
  }

  /** The first minute boundary after t where openness flips (a shift edge), if any. */
  nextEdge(t: number): number | undefined {
    const i = Math.floor((t - this.w0) / MIN);
    for (let j = i + 1; j < WINDOW_MIN; j++) if (this.open[j] !== this.open[j - 1]) return this.w0 + j * MIN;
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Generators: raw choices, turned into both a spec (text, for the library) and a model.

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

interface RawDay {
  count: number;
  points: number[];
  /** Overnight end (taken modulo start + 1), or null for a same-day last interval. */
  overnight: number | null;
  toMidnight: boolean;
  midnightAsZero: boolean;
}

const minuteArb = fc.oneof(
  fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
  fc.integer({ min: 0, max: 1440 }),
);

const rawDayArb: fc.Arbitrary<RawDay> = fc.record({
  count: fc.integer({ min: 0, max: 3 }),
  points: fc.uniqueArray(minuteArb, { minLength: 6, maxLength: 6 }),
  overnight: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 1440 }) }),
  toMidnight: fc.boolean(),
  midnightAsZero: fc.boolean(),
});

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function makeShift(start: number, end: number, midnightAsZero: boolean): Shift {
  const endText = end > 1440 ? hhmm(end - 1440) : end === 1440 ? (midnightAsZero ? '00:00' : '24:00') : hhmm(end);
  return { start, end, text: `${hhmm(start)}-${endText}` };
}

function dayShifts(raw: RawDay): Shift[] {
  const pts = raw.points.slice(0, raw.count * 2).sort((a, b) => a - b);
  const out: Shift[] = [];
  for (let i = 0; i + 1 < pts.length; i += 2) out.push(makeShift(pts[i]!, pts[i + 1]!, raw.midnightAsZero));
  const last = out[out.length - 1];
  if (last !== undefined) {
    if (raw.overnight !== null) out[out.length - 1] = makeShift(last.start, 1440 + (raw.overnight % (last.start + 1)), raw.midnightAsZero);
    else if (raw.toMidnight) out[out.length - 1] = makeShift(last.start, 1440, raw.midnightAsZero);
  }
  return out;
}

interface RawHoliday {
  dayOffset: number;
  form: 'string' | 'object' | 'partial';
  yearly: 'no' | 'month-day' | 'since-prev' | 'since-this' | 'since-next';
  hours: RawDay;
}

const rawHolidayArb: fc.Arbitrary<RawHoliday> = fc.record({
  dayOffset: fc.integer({ min: -2, max: WINDOW_DAYS }),
  form: fc.constantFrom('string', 'object', 'partial'),
  yearly: fc.constantFrom('no', 'no', 'month-day', 'since-prev', 'since-this', 'since-next'),
  hours: rawDayArb,
});

interface RawCalendar {
  always: boolean;
  week: RawDay[];
  holidays: RawHoliday[];
}

const rawCalendarArb: fc.Arbitrary<RawCalendar> = fc.record({
  always: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 12, arbitrary: fc.constant(false) }),
  week: fc.array(rawDayArb, { minLength: 7, maxLength: 7 }),
  holidays: fc.array(rawHolidayArb, { maxLength: 6 }),
});

interface SampleRaw {
  startMin: number;
  startMs: number;
  snapToEdge: boolean;
  durMin: number;
  durMs: number;
  otherMin: number;
  otherMs: number;
  durationToOther: boolean;
}

const subMinuteArb = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: MIN - 1 }) });

const sampleArb: fc.Arbitrary<SampleRaw> = fc.record({
  startMin: fc.integer({ min: 0, max: START_SPAN_MIN - 1 }),
  startMs: subMinuteArb,
  snapToEdge: fc.boolean(),
  durMin: fc.oneof(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: MAX_DURATION_MIN })),
  durMs: subMinuteArb,
  otherMin: fc.integer({ min: 0, max: WINDOW_MIN - 1 }),
  otherMs: subMinuteArb,
  durationToOther: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const pad2 = (n: number) => String(n).padStart(2, '0');

function buildCase(raw: RawCalendar, window: Window): { spec: CalendarSpec; model: Model } {
  // Weekly hours; an overnight shift drops next-day shifts that would start before it ends.
  const weekly: Shift[][] = raw.always ? DAY_KEYS.map(() => [makeShift(0, 1440, false)]) : raw.week.map(dayShifts);
  if (!raw.always) {
    for (let d = 0; d < 7; d++) {
      const last = weekly[d]![weekly[d]!.length - 1];
      if (last !== undefined && last.end > 1440) {
        const next = (d + 1) % 7;
        weekly[next] = weekly[next]!.filter((s) => s.start >= last.end - 1440);
      }
    }
    if (weekly.every((d) => d.length === 0)) weekly[2] = [makeShift(540, 1020, false)];
  }
  let hours: CalendarSpec['hours'] = '24x7';
  if (!raw.always) {
    const groups = new Map<string, number[]>();
    weekly.forEach((shifts, d) => {
      if (shifts.length === 0) return;
      const key = JSON.stringify(shifts.map((s) => s.text));
      groups.set(key, [...(groups.get(key) ?? []), d]);
    });
    const map: Record<string, string[]> = {};
    for (const [key, days] of groups) {
      const contiguous = days.length >= 2 && days[days.length - 1]! - days[0]! === days.length - 1;
      const dayKey = contiguous ? `${DAY_KEYS[days[0]!]}-${DAY_KEYS[days[days.length - 1]!]}` : days.map((d) => DAY_KEYS[d]).join(',');
      map[dayKey] = JSON.parse(key) as string[];
    }
    hours = map;
  }

  const model: Model = { zone: window.zone, weekly, dated: new Map(), yearly: new Map() };
  const holidays: Array<string | HolidaySpec> = [];
  const seenMonthDay = new Set<string>();
  const firstDay = window.w0 / DAY;
  for (const h of raw.holidays) {
    const day = firstDay + h.dayOffset;
    const { year, month, dom } = civil(day);
    const md = `${month}-${dom}`;
    if (seenMonthDay.has(md)) continue;
    seenMonthDay.add(md);
    const shifts = h.form === 'partial' ? dayShifts(h.hours) : [];
    const hoursText = h.form === 'partial' ? { hours: shifts.map((s) => s.text) } : {};
    const mmdd = `${pad2(month)}-${pad2(dom)}`;
    const leapDay = month === 2 && dom === 29;
    const kind = leapDay && h.yearly.startsWith('since') ? 'month-day' : h.yearly;
    if (kind === 'no') {
      holidays.push(h.form === 'string' ? `${year}-${mmdd}` : { date: `${year}-${mmdd}`, ...hoursText, name: `h${h.dayOffset}` });
      model.dated.set(day, shifts);
    } else if (kind === 'month-day') {
      holidays.push({ date: mmdd, yearly: true, ...hoursText });
      model.yearly.set(md, { since: undefined, hours: shifts });
    } else {
      const since = year + (kind === 'since-prev' ? -1 : kind === 'since-next' ? 1 : 0);
      holidays.push({ date: `${since}-${mmdd}`, yearly: true, ...hoursText });
      model.yearly.set(md, { since, hours: shifts });
    }
  }
  const spec: CalendarSpec = { timezone: window.zone, hours, ...(holidays.length > 0 || raw.holidays.length > 0 ? { holidays } : {}) };
  return { spec, model };
}

// ---------------------------------------------------------------------------------------------
// Checking one calendar against the reference.

const iso = (t: number) => new Date(t).toISOString();

function checkCalendar(raw: RawCalendar, window: Window, samples: SampleRaw[]): number {
  const { spec, model } = buildCase(raw, window);
  const cal: BusinessCalendar = createCalendar(spec);
  const ref = new Reference(model, window.w0);
  const where = (what: string) => `${what} in ${JSON.stringify(spec)}`;

  const checkPoint = (t: number) => {
    if (!ref.inWindow(t)) return;
    expect(cal.isOpen(t), where(`isOpen(${iso(t)})`)).toBe(ref.isOpen(t));
    const next = ref.nextOpen(t);
    const got = cal.nextOpen(t);
    if (next === undefined) expect(got, where(`nextOpen(${iso(t)})`)).toBeGreaterThanOrEqual(ref.end);
    else expect(got, where(`nextOpen(${iso(t)})`)).toBe(next);
  };

  for (const sm of samples) {
    let s = window.w0 + sm.startMin * MIN + sm.startMs;
    if (sm.snapToEdge) s = ref.nextEdge(s) ?? s;
    const other = window.w0 + sm.otherMin * MIN + sm.otherMs;
    const d = sm.durationToOther ? ref.between(s, other) : sm.durMin * MIN + sm.durMs;

    const got = cal.addBusinessTime(s, d);
    const want = ref.add(s, d);
    if (want === undefined) expect(got, where(`addBusinessTime(${iso(s)}, ${d})`)).toBeGreaterThanOrEqual(ref.end);
    else expect(got, where(`addBusinessTime(${iso(s)}, ${d})`)).toBe(want);

    expect(cal.businessTimeBetween(s, got), where(`law at ${iso(s)} + ${d}`)).toBe(d);
    expect(cal.businessTimeBetween(s, other), where(`businessTimeBetween(${iso(s)}, ${iso(other)})`)).toBe(ref.between(s, other));
    expect(cal.businessTimeBetween(other, s), where(`businessTimeBetween(${iso(other)}, ${iso(s)})`)).toBe(ref.between(other, s));

    checkPoint(s);
    checkPoint(other);
    checkPoint(got);
    checkPoint(got - 1);
  }
  return samples.length;
}

describe('business calendar against a brute-force minute walk (Intl wall clock)', () => {
  it(`plans at least 10,000 samples (${TOTAL_SAMPLES})`, () => {
    expect(TOTAL_SAMPLES).toBeGreaterThanOrEqual(10_000);
    expect(new Set(ZONES).size).toBeGreaterThanOrEqual(8);
    // Every zone with DST in 2018 or 2026 gives windows around its transitions.
    expect(DST_WINDOWS.length).toBeGreaterThanOrEqual(20);
  });

  it(`agrees around DST transitions (${DST_WINDOW_CALENDARS} calendars × ${SAMPLES_PER_CALENDAR} samples)`, () => {
    let checked = 0;
    fc.assert(
      fc.property(
        rawCalendarArb,
        fc.nat({ max: DST_WINDOWS.length - 1 }),
        fc.array(sampleArb, { minLength: SAMPLES_PER_CALENDAR, maxLength: SAMPLES_PER_CALENDAR }),
        (raw, w, samples) => {
          checked += checkCalendar(raw, DST_WINDOWS[w]!, samples);
        },
      ),
      { numRuns: DST_WINDOW_CALENDARS },
    );
    expect(checked).toBeGreaterThanOrEqual(DST_WINDOW_CALENDARS * SAMPLES_PER_CALENDAR);
  }, 120_000);

  it(`agrees anywhere in 1995–2036 and across index chunk edges (${ANY_WINDOW_CALENDARS} calendars × ${SAMPLES_PER_CALENDAR} samples)`, () => {
    let checked = 0;
    fc.assert(
      fc.property(
        rawCalendarArb,
        fc.nat({ max: ANY_WINDOWS.length - 1 }),
        fc.array(sampleArb, { minLength: SAMPLES_PER_CALENDAR, maxLength: SAMPLES_PER_CALENDAR }),
        (raw, w, samples) => {
          checked += checkCalendar(raw, ANY_WINDOWS[w]!, samples);
        },
      ),
      { numRuns: ANY_WINDOW_CALENDARS },
    );
    expect(checked).toBeGreaterThanOrEqual(ANY_WINDOW_CALENDARS * SAMPLES_PER_CALENDAR);
  }, 120_000);

  it('keeps businessTimeBetween(s, addBusinessTime(s, d)) === d for long durations (up to 2,000 h)', () => {
    fc.assert(
      fc.property(
        rawCalendarArb,
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.integer({ min: 0, max: 2_000 * 3_600_000 }),
        (raw, zone, s, d) => {
          const { spec } = buildCase(raw, { zone, w0: Math.floor(s / DAY) * DAY });
          const cal = createCalendar(spec);
          const t = cal.addBusinessTime(s, d);
          expect(t).toBeGreaterThanOrEqual(s);
          expect(cal.businessTimeBetween(s, t)).toBe(d);
          if (d > 0) {
            expect(cal.isOpen(t - 1)).toBe(true);
            expect(cal.businessTimeBetween(s, t - 1)).toBe(d - 1);
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
