/**
 * The calendar object of the YAML config, and its validation into a compiled form the
 * index builder reads. Every problem is collected, each with the field path and the fix,
 * so the config loader can show them all at once.
 */
import { IANAZone } from 'luxon';
import { daysFromCivil, isValidCivilDate } from './civil-date.js';

/** Weekly opening hours: `"24x7"` or day keys (`mon`, `mon-fri`, `sat,sun`) → `"HH:MM-HH:MM"` lists. */
export type HoursSpec = '24x7' | Record<string, string[]>;

/** A holiday: `date` is `YYYY-MM-DD`, or `MM-DD` with `yearly: true`; `hours` makes it a partial day. */
export interface HolidaySpec {
  date: string;
  hours?: string[];
  yearly?: boolean;
  name?: string;
}

/** A business calendar as written in the config. */
export interface CalendarSpec {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timezone: string;
  hours: HoursSpec;
  holidays?: Array<string | HolidaySpec>;
}

/** One problem in a calendar spec: where, and what would be valid. */
export interface CalendarIssue {
  path: string;
  message: string;
}

/** Thrown by `createCalendar` for an invalid spec; `issues` lists every problem found. */
export class CalendarSpecError extends Error {
  readonly code = 'sla_calendar_invalid';
  constructor(readonly issues: CalendarIssue[]) {
    super(`invalid calendar: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'CalendarSpecError';
  }
}

/** Wall-clock minutes from the start of the day the shift starts on; `end` may pass 1440 (overnight). */
export type MinuteRange = readonly [start: number, end: number];

/** A yearly holiday rule: in effect from `sinceYear` on (or always when undefined). */
export interface YearlyHoliday {
  sinceYear: number | undefined;
  hours: MinuteRange[];
  name: string | undefined;
}

/** A validated calendar, ready for indexing. */
export interface CompiledSpec {
  zone: string;
  /** Open all the time with no holidays: answers need no index at all. */
  always: boolean;
  /** Index 0 = Monday … 6 = Sunday. */
  weekly: MinuteRange[][];
  /** Day number → hours of that date ([] = closed all day). */
  dated: Map<number, { hours: MinuteRange[]; name: string | undefined }>;
  /** `month * 100 + day` → yearly rules on that date. */
  yearly: Map<number, YearlyHoliday[]>;
}

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const FULL_DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const DAY_KEY_HELP = 'use mon…sun, a range such as mon-fri, or a list such as sat,sun';
const INTERVAL_RE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const SPEC_KEYS = new Set(['timezone', 'hours', 'holidays']);
const HOLIDAY_KEYS = new Set(['date', 'hours', 'yearly', 'name']);

/** Validates a spec; returns the compiled form, or throws `CalendarSpecError` naming every problem. */
export function compileCalendarSpec(spec: CalendarSpec): CompiledSpec {
  const issues: CalendarIssue[] = [];
  const raw = spec as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CalendarSpecError([{ path: '', message: 'a calendar must be an object with timezone and hours' }]);
  }
  for (const key of Object.keys(raw)) {
    if (!SPEC_KEYS.has(key)) issues.push({ path: key, message: `unknown key; a calendar takes ${[...SPEC_KEYS].join(', ')}` });
  }
  const zone = checkZone(spec.timezone, issues);
  const weekly = checkHours(spec.hours, issues);
  const { dated, yearly } = checkHolidays(spec.holidays, issues);
  if (issues.length > 0) throw new CalendarSpecError(issues);
  const isAlways = spec.hours === '24x7' && dated.size === 0 && yearly.size === 0;
  return { zone, always: isAlways, weekly, dated, yearly };
}

function checkZone(timezone: unknown, issues: CalendarIssue[]): string {
  if (typeof timezone !== 'string' || timezone === '') {
    issues.push({ path: 'timezone', message: 'required: an IANA time zone such as Europe/Berlin or UTC' });
    return 'UTC';
  }
  if (!IANAZone.isValidZone(timezone)) {
    issues.push({ path: 'timezone', message: `"${timezone}" is not an IANA time zone; use a name such as Europe/Berlin, America/New_York or UTC` });
    return 'UTC';
  }
  return timezone;
}

function checkHours(hours: unknown, issues: CalendarIssue[]): MinuteRange[][] {
  const weekly: MinuteRange[][] = DAY_NAMES.map(() => []);
  if (hours === '24x7') return weekly.map(() => [[0, 1440]]);
  if (typeof hours !== 'object' || hours === null || Array.isArray(hours)) {
    issues.push({ path: 'hours', message: 'required: "24x7" or a map of day keys to interval lists, e.g. mon-fri: ["09:00-17:00"]' });
    return weekly;
  }
  const givenBy: string[] = [];
  for (const [key, list] of Object.entries(hours as Record<string, unknown>)) {
    const days = parseDayKey(key);
    if (days === undefined) {
      issues.push({ path: `hours.${key}`, message: `unknown day key "${key}"; ${DAY_KEY_HELP}` });
      continue;
    }
    const ranges = checkIntervalList(list, `hours.${key}`, issues);
    for (const d of days) {
      const earlier = givenBy[d];
      if (earlier !== undefined) {
        issues.push({ path: `hours.${key}`, message: `${DAY_NAMES[d]} is already given by "${earlier}"; give each day once` });
        continue;
      }
      givenBy[d] = key;
      weekly[d] = ranges;
    }
  }
  checkWeeklyOverlaps(weekly, givenBy, issues);
  if (weekly.every((day) => day.length === 0)) {
    issues.push({ path: 'hours', message: 'no open time in the week; give at least one interval, or use "24x7"' });
  }
  return weekly;
}

/** Parses `mon`, `monday`, `mon-fri` (wrapping ranges such as `fri-mon` allowed) and comma lists. */
function parseDayKey(key: string): number[] | undefined {
  const days: number[] = [];
  for (const part of key.toLowerCase().split(',').map((p) => p.trim())) {
    const ends = part.split('-').map(dayIndex);
    const [from, to] = ends;
    if (ends.length === 1 && from !== undefined) days.push(from);
    else if (ends.length === 2 && from !== undefined && to !== undefined) {
      for (let d = from; ; d = (d + 1) % 7) {
        days.push(d);
        if (d === to) break;
      }
    } else return undefined;
  }
  return days;
}

function dayIndex(name: string): number | undefined {
  const short = DAY_NAMES.indexOf(name as (typeof DAY_NAMES)[number]);
  if (short >= 0) return short;
  const full = FULL_DAY_NAMES.indexOf(name);
  return full >= 0 ? full : undefined;
}

function checkIntervalList(list: unknown, path: string, issues: CalendarIssue[]): MinuteRange[] {
  if (!Array.isArray(list)) {
    issues.push({ path, message: 'must be a list of intervals such as ["09:00-12:30", "13:30-18:00"]' });
    return [];
  }
  const ranges: MinuteRange[] = [];
  list.forEach((text, i) => {
    const range = parseInterval(text);
    if (typeof range === 'string') issues.push({ path: `${path}[${i}]`, message: range });
    else ranges.push(range);
  });
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur[0] < prev[1]) {
      issues.push({ path, message: `intervals ${showRange(prev)} and ${showRange(cur)} overlap; make them disjoint or merge them` });
    }
  }
  return sorted;
}

/** `"HH:MM-HH:MM"` → minutes; an end not after the start is an overnight shift. Returns the error text otherwise. */
function parseInterval(text: unknown): MinuteRange | string {
  const help = 'write "HH:MM-HH:MM" in 24-hour time, e.g. "09:00-17:30" (an end of 24:00 is allowed; an end before the start is an overnight shift)';
  if (typeof text !== 'string') return `expected an interval string; ${help}`;
  const m = INTERVAL_RE.exec(text.trim());
  if (!m) return `"${text}" is not an interval; ${help}`;
  const [sh, sm, eh, em] = m.slice(1).map(Number) as [number, number, number, number];
  if (sh > 23 || sm > 59 || em > 59 || eh > 24 || (eh === 24 && em !== 0)) {
    return `"${text}" has an impossible time; ${help}`;
  }
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  return end > start ? [start, end] : [start, end + 1440];
}

function showRange([s, e]: MinuteRange): string {
  const hhmm = (m: number) => `${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(s)}-${e === 1440 ? '24:00' : hhmm(e)}`;
}

/** Shifts on consecutive days (and Sunday into Monday) must not overlap in wall-clock time. */
function checkWeeklyOverlaps(weekly: MinuteRange[][], givenBy: string[], issues: CalendarIssue[]): void {
  for (let d = 0; d < 7; d++) {
    const next = (d + 1) % 7;
    for (const late of weekly[d]!) {
      if (late[1] <= 1440) continue;
      for (const early of weekly[next]!) {
        if (early[0] < late[1] - 1440) {
          issues.push({
            path: `hours.${givenBy[d] ?? DAY_NAMES[d]}`,
            message: `the overnight shift ${showRange(late)} on ${DAY_NAMES[d]} overlaps ${showRange(early)} on ${DAY_NAMES[next]}; end the shift earlier or start the next day later`,
          });
        }
      }
    }
  }
}

function checkHolidays(holidays: unknown, issues: CalendarIssue[]): Pick<CompiledSpec, 'dated' | 'yearly'> {
  const dated: CompiledSpec['dated'] = new Map();
  const yearly: CompiledSpec['yearly'] = new Map();
  if (holidays === undefined || holidays === null) return { dated, yearly };
  if (!Array.isArray(holidays)) {
    issues.push({ path: 'holidays', message: 'must be a list of dates ("2026-12-25") or { date, hours?, yearly? } objects' });
    return { dated, yearly };
  }
  const seen = new Map<string, number>();
  holidays.forEach((item: unknown, i) => {
    const path = `holidays[${i}]`;
    const h: Partial<HolidaySpec> | undefined =
      typeof item === 'string' ? { date: item } : typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as HolidaySpec) : undefined;
    if (h === undefined) {
      issues.push({ path, message: 'must be a date such as "2026-12-25" or an object { date, hours?, yearly? }' });
      return;
    }
    for (const key of Object.keys(h)) {
      if (!HOLIDAY_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: `unknown key; a holiday takes ${[...HOLIDAY_KEYS].join(', ')}` });
    }
    if (h.yearly !== undefined && typeof h.yearly !== 'boolean') {
      issues.push({ path: `${path}.yearly`, message: 'must be true or false' });
    }
    if (h.name !== undefined && typeof h.name !== 'string') issues.push({ path: `${path}.name`, message: 'must be text' });
    const hours = h.hours === undefined ? [] : checkIntervalList(h.hours, `${path}.hours`, issues);
    const date = parseHolidayDate(h.date, h.yearly === true);
    if (typeof date === 'string') {
      issues.push({ path: `${path}.date`, message: date });
      return;
    }
    const key = h.yearly === true ? `yearly ${date.month}-${date.day}` : `${date.year}-${date.month}-${date.day}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ path: `${path}.date`, message: `"${h.date}" is already given by holidays[${first}]; give each holiday once` });
      return;
    }
    seen.set(key, i);
    const name = typeof h.name === 'string' ? h.name : undefined;
    if (h.yearly === true) {
      const md = date.month * 100 + date.day;
      const rules = yearly.get(md) ?? [];
      rules.push({ sinceYear: date.year, hours, name });
      yearly.set(md, rules);
    } else {
      dated.set(daysFromCivil(date.year!, date.month, date.day), { hours, name });
    }
  });
  return { dated, yearly };
}

function parseHolidayDate(text: unknown, yearly: boolean): { year: number | undefined; month: number; day: number } | string {
  const help = yearly ? 'write "MM-DD" (or "YYYY-MM-DD" to start in that year)' : 'write "YYYY-MM-DD", or "MM-DD" with yearly: true';
  if (typeof text !== 'string') return `required: ${help}`;
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const short = /^(\d{2})-(\d{2})$/.exec(text);
  if (full) {
    const [year, month, day] = full.slice(1).map(Number) as [number, number, number];
    if (!isValidCivilDate(year, month, day)) return `"${text}" is not a real date; ${help}`;
    return { year, month, day };
  }
  if (short) {
    const [month, day] = short.slice(1).map(Number) as [number, number];
    if (!yearly) return `"${text}" has no year; add yearly: true for a holiday every year, or ${help}`;
    if (!isValidCivilDate(2000, month, day)) return `"${text}" is not a real date; ${help}`;
    return { year: undefined, month, day };
  }
  return `"${text}" is not a date; ${help}`;
}
