/**
 * bench:clock: throughput, index build cost and a correctness cross-check of the business clock
 * (src/clock) against three peer libraries, on the same seeded random inputs.
 *
 *   npm run bench:clock        (= TZ=America/New_York tsx bench/clock.bench.ts)
 *
 * The peers read the process time zone, so the bench must run in New York; it switches the
 * process zone itself when started some other way. See bench/README.md for what each case means.
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import { createCalendar, type BusinessCalendar, type CalendarSpec } from '../src/clock/index.js';
import { CHUNK_MS } from '../src/clock/business-calendar.js';
import { mulberry32 } from './support/stats.js';

const ZONE = 'America/New_York';
if (Intl.DateTimeFormat().resolvedOptions().timeZone !== ZONE) {
  // Node re-reads TZ when it changes; the peers are loaded below, after this.
  process.env.TZ = ZONE;
}
if (Intl.DateTimeFormat().resolvedOptions().timeZone !== ZONE) {
  throw new Error(`the peers need the process time zone ${ZONE}; run with TZ=${ZONE}`);
}

// ---------------------------------------------------------------------------------------------
// Settings

const SEED = 20261125;
/** Random inputs per case; every library gets the same ones, and the cross-check compares them. */
const POOL = 2_000;
/** Inputs cross-checked per case (the first ones of the pool); 800 h is capped: the peers take 5-15 ms per call. */
const CHECK_N: Record<CaseId, number> = { add8: 2_000, add80: 2_000, add800: 500, between: 2_000 };
const OURS_WARMUP_MS = 200;
const OURS_TIME_MS = 1_000;
const PEER_WARMUP_MS = 200;
const PEER_TIME_MS = 1_500;
const TARGET_RATIO = 100;
const TARGET_BUILD_MS_PER_YEAR = 5;
const BUILD_RUNS = 15;
const BUILD_SPAN_CHUNKS = 20;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const YEAR_MS = 365.2425 * DAY_MS;

/** Ten US holidays in the span the inputs reach (2026 through spring 2027). */
const HOLIDAYS = [
  '2026-01-01', // New Year's Day
  '2026-01-19', // Martin Luther King Jr. Day
  '2026-05-25', // Memorial Day
  '2026-07-03', // Independence Day (observed; July 4 is a Saturday)
  '2026-09-07', // Labor Day
  '2026-11-26', // Thanksgiving
  '2026-12-25', // Christmas Day
  '2027-01-01', // New Year's Day
  '2027-01-18', // Martin Luther King Jr. Day
  '2027-05-31', // Memorial Day
];

/** A calendar as every library is told it: intervals per weekday (Mon-Fri), same holidays. */
interface CalendarDef {
  name: string;
  shifts: Array<[string, string]>;
}
const FULL_DAY: CalendarDef = { name: '09:00-17:00', shifts: [['09:00', '17:00']] };
const SPLIT_DAY: CalendarDef = { name: '09:00-12:30 + 13:30-17:00', shifts: [['09:00', '12:30'], ['13:30', '17:00']] };

function ourSpec(def: CalendarDef): CalendarSpec {
  return { timezone: ZONE, hours: { 'mon-fri': def.shifts.map(([s, e]) => `${s}-${e}`) }, holidays: HOLIDAYS };
}

type CaseId = 'add8' | 'add80' | 'add800' | 'between';
interface Case {
  id: CaseId;
  label: string;
  /** Business time to add, or undefined for businessTimeBetween. */
  addMs: number | undefined;
}
const CASES: Case[] = [
  { id: 'add8', label: 'add 8 h', addMs: 8 * HOUR_MS },
  { id: 'add80', label: 'add 80 h', addMs: 80 * HOUR_MS },
  { id: 'add800', label: 'add 800 h', addMs: 800 * HOUR_MS },
  { id: 'between', label: 'between (≤ 90 d apart)', addMs: undefined },
];

// ---------------------------------------------------------------------------------------------
// Inputs: a seeded PRNG, instants on whole minutes (dayjs-business-time works in whole minutes).

const nyMs = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

interface Inputs {
  /** Start instant (add) or `from` (between). */
  a: Float64Array;
  /** `to` (between). */
  b: Float64Array;
}

/** Instants uniform in [fromMs, toMs) on multiples of stepMs; `to` is 0 to 90 days after `from`. */
function makeInputs(rand: () => number, fromMs: number, toMs: number, stepMs = MINUTE_MS): { adds: Inputs; between: Inputs } {
  const steps = Math.floor((toMs - fromMs) / stepMs);
  const instant = () => fromMs + Math.floor(rand() * steps) * stepMs;
  const starts = new Float64Array(POOL);
  for (let i = 0; i < POOL; i++) starts[i] = instant();
  const from = new Float64Array(POOL);
  const to = new Float64Array(POOL);
  for (let i = 0; i < POOL; i++) {
    from[i] = instant();
    to[i] = from[i]! + Math.floor(rand() * ((90 * DAY_MS) / stepMs + 1)) * stepMs;
  }
  return { adds: { a: starts, b: new Float64Array(POOL) }, between: { a: from, b: to } };
}

// ---------------------------------------------------------------------------------------------
// The libraries. Peers are CommonJS and untyped for our purposes: loaded with createRequire and
// described by the few members the bench uses.

const require = createRequire(import.meta.url);

interface MomentBT {
  addWorkingTime(amount: number, unit: string): MomentBT;
  workingDiff(other: MomentBT, unit: string): number;
  valueOf(): number;
}
interface MomentBTFactory {
  (ms: number): MomentBT;
  locale(): string;
  updateLocale(name: string, config: { workinghours: Record<number, string[] | null>; holidays: string[] }): unknown;
}
interface DayjsBT {
  addBusinessMinutes(minutes: number): DayjsBT;
  businessMinutesDiff(other: DayjsBT): number;
  valueOf(): number;
}
interface DayjsBTFactory {
  (ms: number): DayjsBT;
  extend(plugin: unknown): unknown;
  setBusinessTime(map: Record<string, Array<{ start: string; end: string }> | null>): void;
  setHolidays(dates: string[]): void;
}
interface OpeningHoursIterator {
  getDate(): Date;
  getState(): boolean;
  advance(limit?: Date): boolean;
}
interface OpeningHours {
  getOpenDuration(from: Date, to: Date): [number, number];
  getIterator(date?: Date): OpeningHoursIterator;
}
type OpeningHoursCtor = new (value: string, nominatim?: object | null, conf?: object | null) => OpeningHours;

const momentBT = require('moment-business-time') as MomentBTFactory;
const dayjs = require('dayjs') as DayjsBTFactory;
dayjs.extend(require('dayjs-business-time'));
const OpeningHoursClass = require('opening_hours') as OpeningHoursCtor;
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/** One library under test, told one calendar at a time. */
interface Lib {
  name: string;
  configure(def: CalendarDef): void;
  add(startMs: number, durationMs: number): number;
  between(fromMs: number, toMs: number): number;
}

function ours(): Lib & { calendar(): BusinessCalendar } {
  let cal: BusinessCalendar | undefined;
  const get = () => {
    if (cal === undefined) throw new Error('not configured');
    return cal;
  };
  return {
    name: 'ours',
    configure: (def) => void (cal = createCalendar(ourSpec(def))),
    calendar: get,
    add: (s, d) => get().addBusinessTime(s, d),
    between: (f, t) => get().businessTimeBetween(f, t),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OSM syntax, e.g. `Mo-Fr 09:00-17:00; 2026 Nov 26 off; …`. */
function openingHoursValue(def: CalendarDef): string {
  const days = HOLIDAYS.map((h) => {
    const [y, m, d] = h.split('-');
    return `${y} ${MONTHS[Number(m) - 1]} ${d} off`;
  });
  return [`Mo-Fr ${def.shifts.map(([s, e]) => `${s}-${e}`).join(',')}`, ...days].join('; ');
}

/**
 * opening_hours has no "add open time": walk its iterator from the start, one state change at
 * a time, spending the duration on open stretches (the README's recommended way to go through
 * intervals). Between is its own getOpenDuration.
 */
function openingHoursLib(): Lib {
  let oh: OpeningHours | undefined;
  const get = () => {
    if (oh === undefined) throw new Error('not configured');
    return oh;
  };
  return {
    name: 'opening_hours',
    configure: (def) => void (oh = new OpeningHoursClass(openingHoursValue(def))),
    add(startMs, durationMs) {
      const it = get().getIterator(new Date(startMs));
      let t = startMs;
      let left = durationMs;
      let open = it.getState();
      for (;;) {
        if (!it.advance()) throw new Error('opening_hours: no state change within its limit');
        const next = it.getDate().getTime();
        if (open) {
          if (next - t >= left) return t + left;
          left -= next - t;
        }
        t = next;
        open = it.getState();
      }
    },
    between: (f, t) => get().getOpenDuration(new Date(f), new Date(t))[0],
  };
}

/** moment-business-time: addWorkingTime(ms, 'milliseconds') and workingDiff(…, 'milliseconds'). */
function momentLib(): Lib {
  return {
    name: 'moment-business-time',
    configure(def) {
      const hours = def.shifts.flatMap(([s, e]) => [`${s}:00`, `${e}:00`]);
      momentBT.updateLocale(momentBT.locale(), {
        workinghours: { 0: null, 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: null },
        holidays: HOLIDAYS,
      });
    },
    add: (s, d) => momentBT(s).addWorkingTime(d, 'milliseconds').valueOf(),
    between: (f, t) => momentBT(t).workingDiff(momentBT(f), 'milliseconds'),
  };
}

/** dayjs-business-time: addBusinessMinutes and businessMinutesDiff (its finest unit is the minute). */
function dayjsLib(): Lib {
  return {
    name: 'dayjs-business-time',
    configure(def) {
      const day = def.shifts.map(([s, e]) => ({ start: `${s}:00`, end: `${e}:00` }));
      dayjs.setBusinessTime({ sunday: null, monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: null });
      dayjs.setHolidays(HOLIDAYS);
    },
    add: (s, d) => dayjs(s).addBusinessMinutes(d / MINUTE_MS).valueOf(),
    between: (f, t) => dayjs(f).businessMinutesDiff(dayjs(t)) * MINUTE_MS,
  };
}

// ---------------------------------------------------------------------------------------------
// A deliberately naive reference: every local day from late 2025 to 2028 turned into real
// intervals with luxon's wall-clock → instant conversion, then scanned linearly. Independent of
// the clock's offset-segment index; used to say which side of a disagreement is right.

interface Reference {
  add(startMs: number, durationMs: number): number;
  between(fromMs: number, toMs: number): number;
}

function reference(def: CalendarDef): Reference {
  const holidays = new Set(HOLIDAYS);
  const starts: number[] = [];
  const ends: number[] = [];
  const hm = (s: string) => s.split(':').map(Number) as [number, number];
  for (let d = DateTime.fromISO('2025-12-01', { zone: ZONE }); d.year < 2028; d = d.plus({ days: 1 })) {
    if (d.weekday > 5 || holidays.has(d.toISODate() ?? '')) continue;
    for (const [s, e] of def.shifts) {
      const [sh, sm] = hm(s);
      const [eh, em] = hm(e);
      const at = (hour: number, minute: number) =>
        DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour, minute }, { zone: ZONE }).toMillis();
      starts.push(at(sh, sm));
      ends.push(at(eh, em));
    }
  }
  const n = starts.length;
  return {
    add(startMs, durationMs) {
      let left = durationMs;
      for (let i = 0; i < n; i++) {
        const s = Math.max(starts[i]!, startMs);
        const e = ends[i]!;
        if (e <= s) continue;
        if (e - s >= left) return s + left;
        left -= e - s;
      }
      throw new Error('reference: out of range');
    },
    between(fromMs, toMs) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const s = Math.max(starts[i]!, fromMs);
        const e = Math.min(ends[i]!, toMs);
        if (e > s) sum += e - s;
      }
      return sum;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Timing

let sink = 0;

function call(lib: Lib, c: Case, inputs: Inputs, i: number): number {
  return c.addMs === undefined ? lib.between(inputs.a[i]!, inputs.b[i]!) : lib.add(inputs.a[i]!, c.addMs);
}

/** Ours: whole passes over the pool until the time is up; results of the first pass kept. */
function timeOurs(lib: Lib, c: Case, inputs: Inputs, out: Float64Array): number {
  const t0 = performance.now();
  while (performance.now() - t0 < OURS_WARMUP_MS) for (let i = 0; i < POOL; i++) sink += call(lib, c, inputs, i);
  let ops = 0;
  let first = true;
  const start = performance.now();
  let elapsed = 0;
  do {
    if (first) for (let i = 0; i < POOL; i++) sink += out[i] = call(lib, c, inputs, i);
    else for (let i = 0; i < POOL; i++) sink += call(lib, c, inputs, i);
    first = false;
    ops += POOL;
    elapsed = performance.now() - start;
  } while (elapsed < OURS_TIME_MS);
  return ops / (elapsed / 1000);
}

/** Peers: warm up on the end of the pool, then call by call from the start until the time box closes. */
function timePeer(lib: Lib, c: Case, inputs: Inputs, out: Float64Array, needed: number): number {
  const t0 = performance.now();
  for (let i = POOL - 1; performance.now() - t0 < PEER_WARMUP_MS && i >= 0; i--) sink += call(lib, c, inputs, i);
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    const i = ops % POOL;
    const r = call(lib, c, inputs, i);
    if (ops < POOL) out[i] = r;
    sink += r;
    ops++;
    elapsed = performance.now() - start;
  } while (elapsed < PEER_TIME_MS);
  // Results the cross-check needs but the time box did not reach: computed untimed.
  for (let i = ops; i < needed; i++) out[i] = call(lib, c, inputs, i);
  return ops / (elapsed / 1000);
}

// ---------------------------------------------------------------------------------------------
// Build cost: a fresh calendar and one query that forces whole chunks to be built.

interface BuildCost {
  perYearOne: number[];
  perYearSpan: number[];
  cold: number;
}

function measureBuild(spec: CalendarSpec): BuildCost {
  const k0 = Math.floor(nyMs('2026-06-01T00:00') / CHUNK_MS);
  const yearsOne = CHUNK_MS / YEAR_MS;
  const yearsSpan = (BUILD_SPAN_CHUNKS * CHUNK_MS) / YEAR_MS;
  const once = (chunks: number) => {
    const t = performance.now();
    const cal = createCalendar(spec);
    // [k0 * CHUNK_MS, (k0 + chunks) * CHUNK_MS - 1] touches exactly `chunks` chunks.
    sink += cal.businessTimeBetween(k0 * CHUNK_MS, (k0 + chunks) * CHUNK_MS - 1);
    return performance.now() - t;
  };
  const cold = once(1) / yearsOne;
  for (let i = 0; i < 3; i++) once(1);
  const perYearOne: number[] = [];
  for (let i = 0; i < BUILD_RUNS; i++) perYearOne.push(once(1) / yearsOne);
  const perYearSpan: number[] = [];
  for (let i = 0; i < 5; i++) perYearSpan.push(once(BUILD_SPAN_CHUNKS) / yearsSpan);
  return { perYearOne, perYearSpan, cold };
}

// ---------------------------------------------------------------------------------------------
// Cross-check

interface CheckSet {
  name: string;
  def: CalendarDef;
  inputs: { adds: Inputs; between: Inputs };
  /** Results already computed during timing, per library name and case. */
  known?: Map<string, Map<CaseId, Float64Array>>;
  /** Caps the inputs checked per case below CHECK_N. */
  limit?: number;
}

interface Example {
  i: number;
  a: number;
  b: number;
  ours: number;
  peer: number;
  ref: number;
}
interface CheckRow {
  set: string;
  caseLabel: string;
  lib: string;
  compared: number;
  disagree: number;
  peerWrong: number;
  oursWrong: number;
  maxDiff: number;
  examples: Example[];
}

function crossCheck(set: CheckSet, libs: Lib[], ourLib: Lib): CheckRow[] {
  const rows: CheckRow[] = [];
  const ref = reference(set.def);
  ourLib.configure(set.def);
  for (const lib of libs) lib.configure(set.def);
  for (const c of CASES) {
    const inputs = c.addMs === undefined ? set.inputs.between : set.inputs.adds;
    const n = Math.min(CHECK_N[c.id], set.limit ?? Infinity);
    const result = (lib: Lib) => {
      const known = set.known?.get(lib.name)?.get(c.id);
      if (known !== undefined) return known;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = call(lib, c, inputs, i);
      return out;
    };
    const refOut = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      refOut[i] = c.addMs === undefined ? ref.between(inputs.a[i]!, inputs.b[i]!) : ref.add(inputs.a[i]!, c.addMs);
    }
    const ourOut = result(ourLib);
    // Ours against the reference: any row here is a bug in ours (or in the reference).
    const oursRow: CheckRow = { set: set.name, caseLabel: c.label, lib: 'ours vs reference', compared: n, disagree: 0, peerWrong: 0, oursWrong: 0, maxDiff: 0, examples: [] };
    for (let i = 0; i < n; i++) {
      if (ourOut[i] !== refOut[i]) {
        oursRow.disagree++;
        oursRow.oursWrong++;
        oursRow.maxDiff = Math.max(oursRow.maxDiff, Math.abs(ourOut[i]! - refOut[i]!));
        if (oursRow.examples.length < 2) oursRow.examples.push({ i, a: inputs.a[i]!, b: inputs.b[i]!, ours: ourOut[i]!, peer: NaN, ref: refOut[i]! });
      }
    }
    rows.push(oursRow);
    for (const lib of libs) {
      const out = result(lib);
      const row: CheckRow = { set: set.name, caseLabel: c.label, lib: lib.name, compared: n, disagree: 0, peerWrong: 0, oursWrong: 0, maxDiff: 0, examples: [] };
      for (let i = 0; i < n; i++) {
        const o = ourOut[i]!;
        const p = out[i]!;
        if (o === p) continue;
        row.disagree++;
        if (p !== refOut[i]) row.peerWrong++;
        if (o !== refOut[i]) row.oursWrong++;
        row.maxDiff = Math.max(row.maxDiff, Math.abs(o - p));
        if (row.examples.length < 2) row.examples.push({ i, a: inputs.a[i]!, b: inputs.b[i]!, ours: o, peer: p, ref: refOut[i]! });
      }
      rows.push(row);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const fmtInt = (x: number) => Math.round(x).toLocaleString('en-US');
const fmtOps = (x: number) => (x >= 100 ? fmtInt(x) : x.toFixed(1));
const local = (ms: number) =>
  DateTime.fromMillis(ms, { zone: ZONE }).toFormat(ms % MINUTE_MS === 0 ? 'ccc yyyy-MM-dd HH:mm ZZZZ' : 'ccc yyyy-MM-dd HH:mm:ss.SSS ZZZZ');
/** `5h07m`, or `5h07m12.345s` off whole minutes. */
function fmtDur(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const m = Math.floor(abs / MINUTE_MS);
  const rest = abs - m * MINUTE_MS;
  return `${sign}${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m${rest ? `${(rest / 1000).toFixed(3)}s` : ''}`;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function describeExample(row: CheckRow, c: Case, e: Example): string {
  const who = (v: number) => (v === e.ref ? ' (= reference)' : '');
  const peerPart = Number.isNaN(e.peer) ? '' : `; ${row.lib} ${c.addMs === undefined ? fmtDur(e.peer) : local(e.peer)}${who(e.peer)}`;
  if (c.addMs === undefined) {
    return `${local(e.a)} → ${local(e.b)}: ours ${fmtDur(e.ours)}${who(e.ours)}${peerPart}; reference ${fmtDur(e.ref)}`;
  }
  return `${local(e.a)} + ${c.addMs / HOUR_MS} h: ours ${local(e.ours)}${who(e.ours)}${peerPart}; reference ${local(e.ref)}`;
}

// ---------------------------------------------------------------------------------------------
// Main

function main(): void {
  const began = performance.now();
  const rand = mulberry32(SEED);
  const yearInputs = makeInputs(rand, nyMs('2026-01-01T00:00'), nyMs('2027-01-01T00:00'));
  // Thursday before the 2026-11-01 fall-back (02:00 EDT → 01:00 EST) to the Tuesday after.
  const fallBackInputs = makeInputs(rand, nyMs('2026-10-29T00:00'), nyMs('2026-11-03T00:00'));
  // Webhook timestamps are not on whole minutes: the same year, to the millisecond.
  const msInputs = makeInputs(rand, nyMs('2026-01-01T00:00'), nyMs('2027-01-01T00:00'), 1);

  const ourLib = ours();
  const peers: Lib[] = [openingHoursLib(), momentLib(), dayjsLib()];

  // Throughput, on the 09:00-17:00 calendar over 2026.
  ourLib.configure(FULL_DAY);
  for (const p of peers) p.configure(FULL_DAY);
  const known = new Map<string, Map<CaseId, Float64Array>>();
  const opsPerSec = new Map<string, Map<CaseId, number>>();
  for (const lib of [ourLib, ...peers]) {
    known.set(lib.name, new Map());
    opsPerSec.set(lib.name, new Map());
  }
  for (const c of CASES) {
    const inputs = c.addMs === undefined ? yearInputs.between : yearInputs.adds;
    const out = new Float64Array(POOL);
    opsPerSec.get(ourLib.name)!.set(c.id, timeOurs(ourLib, c, inputs, out));
    known.get(ourLib.name)!.set(c.id, out);
    for (const p of peers) {
      const pout = new Float64Array(POOL);
      opsPerSec.get(p.name)!.set(c.id, timePeer(p, c, inputs, pout, CHECK_N[c.id]));
      known.get(p.name)!.set(c.id, pout);
    }
  }

  const build = measureBuild(ourSpec(FULL_DAY));

  const sets: CheckSet[] = [
    { name: '09:00-17:00, 2026', def: FULL_DAY, inputs: yearInputs, known },
    { name: '09:00-17:00, fall-back', def: FULL_DAY, inputs: fallBackInputs },
    { name: 'split day, fall-back', def: SPLIT_DAY, inputs: fallBackInputs },
    { name: '09:00-17:00, 2026, ms precision', def: FULL_DAY, inputs: msInputs, limit: 500 },
  ];
  const rows = sets.flatMap((s) => crossCheck(s, peers, ourLib));

  // ----- report
  const lines: string[] = [];
  const p = (s = '') => lines.push(s);
  p('## bench:clock');
  p();
  p(`- date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version}; CPU ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores); process TZ ${ZONE}`);
  p(`- peers: opening_hours ${versionOf('opening_hours')}, moment-business-time ${versionOf('moment-business-time')} (moment ${versionOf('moment')}), dayjs-business-time ${versionOf('dayjs-business-time')} (dayjs ${versionOf('dayjs')})`);
  p(`- calendar: Mon-Fri 09:00-17:00 ${ZONE}, ${HOLIDAYS.length} holidays; ${POOL} random instants (seed ${SEED}, whole minutes) in 2026`);
  p();
  p('### Throughput (ops/s, higher is better)');
  p();
  p(`| case | ours | ${peers.map((x) => x.name).join(' | ')} | ours / fastest peer | target ≥ ${TARGET_RATIO}× |`);
  p(`|---|---:|${peers.map(() => '---:|').join('')}---:|---|`);
  let missed = 0;
  for (const c of CASES) {
    const o = opsPerSec.get(ourLib.name)!.get(c.id)!;
    const peerOps = peers.map((x) => opsPerSec.get(x.name)!.get(c.id)!);
    const fastest = Math.max(...peerOps);
    const ratio = o / fastest;
    const met = ratio >= TARGET_RATIO;
    if (!met) missed++;
    p(`| ${c.label} | ${fmtOps(o)} | ${peerOps.map(fmtOps).join(' | ')} | ${ratio.toFixed(0)}× | ${met ? 'met' : '**MISSED**'} |`);
  }
  p();
  const buildMed = median(build.perYearOne);
  const buildMet = buildMed <= TARGET_BUILD_MS_PER_YEAR;
  if (!buildMet) missed++;
  p(
    `Build cost: ${buildMed.toFixed(2)} ms per calendar-year (fresh calendar + one ${(CHUNK_MS / YEAR_MS).toFixed(3)}-year chunk, ` +
      `median of ${BUILD_RUNS}, min ${Math.min(...build.perYearOne).toFixed(2)}, max ${Math.max(...build.perYearOne).toFixed(2)}; ` +
      `${median(build.perYearSpan).toFixed(2)} ms/year over ${BUILD_SPAN_CHUNKS} chunks; first cold build ${build.cold.toFixed(2)} ms/year) ` +
      `— target ≤ ${TARGET_BUILD_MS_PER_YEAR} ms: ${buildMet ? 'met' : '**MISSED**'}`,
  );
  p();
  p('### Cross-check (answers compared to the ms; "wrong" = differs from the naive luxon reference)');
  p();
  p('| inputs | case | library | compared | disagree with ours | peer wrong | ours wrong | max \\|Δ\\| |');
  p('|---|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    p(`| ${r.set} | ${r.caseLabel} | ${r.lib} | ${r.compared} | ${r.disagree} | ${r.lib.startsWith('ours') ? '' : r.peerWrong} | ${r.oursWrong} | ${r.disagree ? fmtDur(r.maxDiff) : ''} |`);
  }
  p();
  p('Examples of disagreement (New York local time):');
  p();
  let any = false;
  for (const r of rows) {
    const c = CASES.find((x) => x.label === r.caseLabel)!;
    for (const e of r.examples) {
      any = true;
      p(`- [${r.set} / ${r.caseLabel} / ${r.lib}] ${describeExample(r, c, e)}`);
    }
  }
  if (!any) p('- none');
  p();
  const oursWrong = rows.reduce((s, r) => s + r.oursWrong, 0);
  p(
    `Summary: ${missed === 0 ? 'all targets met' : `${missed} target(s) **MISSED**`}; ours disagrees with the reference on ${oursWrong} answer(s). ` +
      `Bench took ${((performance.now() - began) / 1000).toFixed(0)} s. (checksum ${sink === sink ? 'ok' : 'NaN'})`,
  );
  console.log(lines.join('\n'));
}

main();
