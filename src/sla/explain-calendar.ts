/**
 * The calendar facts behind a due instant: the weekly hours as written, the holidays whose
 * dates fall in the counted period, and the UTC-offset (DST) changes crossed. Read from the
 * config's calendar specs (holidays) and the zone's offset history (luxon, via the clock).
 */
import { formatOffset, localDateInZone, offsetChanges, type CalendarSpec, type HolidaySpec } from '../clock/index.js';

/** A holiday whose date falls in the counted period. */
export interface CrossedHoliday {
  /** The local date, `YYYY-MM-DD`. */
  date: string;
  name: string | null;
  yearly: boolean;
  /** The hours open that day (empty: closed all day); they replace the weekday's. */
  hours: string[];
}

/** A change of the zone's UTC offset within the counted period. */
export interface CrossedOffsetChange {
  at: number;
  /** `+01:00` → `+02:00`. */
  from: string;
  to: string;
}

/** `24x7`, or the weekly hours as written: `mon-fri 09:00-12:30, 13:30-18:00; sat 10:00-14:00`. */
export function weeklyHoursText(spec: CalendarSpec): string {
  if (spec.hours === '24x7') return '24x7';
  return Object.entries(spec.hours)
    .map(([days, intervals]) => `${days} ${intervals.join(', ')}`)
    .join('; ');
}

/**
 * Holidays of `spec` on a local date (in `zone`) touched by one of `periods` (`[from, to)`,
 * real instants). A dated holiday wins over a yearly one on the same date, as in the calendar.
 */
export function holidaysCrossed(spec: CalendarSpec, zone: string, periods: ReadonlyArray<readonly [number, number]>): CrossedHoliday[] {
  const ranges = periods.filter(([a, b]) => b > a).map(([a, b]) => [localDateInZone(a, zone), localDateInZone(b - 1, zone)] as const);
  const inPeriod = (date: string) => ranges.some(([lo, hi]) => lo <= date && date <= hi);
  const found = new Map<string, CrossedHoliday>();
  const holidays = (spec.holidays ?? []).map((h): HolidaySpec => (typeof h === 'string' ? { date: h } : h));
  for (const h of holidays) {
    if (h.yearly === true) continue;
    if (inPeriod(h.date)) found.set(h.date, { date: h.date, name: h.name ?? null, yearly: false, hours: h.hours ?? [] });
  }
  for (const h of holidays) {
    if (h.yearly !== true) continue;
    const m = /^(?:(\d{4})-)?(\d{2}-\d{2})$/.exec(h.date);
    if (!m) continue;
    const since = m[1] === undefined ? -Infinity : Number(m[1]);
    for (const [lo, hi] of ranges) {
      for (let year = Number(lo.slice(0, 4)); year <= Number(hi.slice(0, 4)); year++) {
        const date = `${String(year).padStart(4, '0')}-${m[2]}`;
        if (year < since || found.has(date) || !isRealDate(date) || date < lo || date > hi) continue;
        found.set(date, { date, name: h.name ?? null, yearly: true, hours: h.hours ?? [] });
      }
    }
  }
  return [...found.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Offset changes of `zone` within the periods, in order. */
export function offsetChangesCrossed(zone: string, periods: ReadonlyArray<readonly [number, number]>): CrossedOffsetChange[] {
  return periods.flatMap(([a, b]) =>
    offsetChanges(zone, a, b).map((c) => ({ at: c.at, from: formatOffset(c.fromMinutes), to: formatOffset(c.toMinutes) })),
  );
}

/** Rejects `2027-02-29` for a yearly 02-29 holiday: it has no day that year. */
function isRealDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
