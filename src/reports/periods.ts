/**
 * UTC days, months and ISO weeks as reports use them. A period is named by its key:
 * `2026-11-24` (a day) or `2026-11` (a month). An outcome belongs to the UTC day its timer
 * ended. A range of days reads whole months from month aggregates and the rest from days.
 */

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of an instant. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

const dayKeys = new Map<number, string>();

/** `YYYY-MM-DD` of a day number (memoized: folding a year of records asks for few days, often). */
export function dayKey(day: number): string {
  let key = dayKeys.get(day);
  if (key === undefined) {
    key = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayKeys.size > 10_000) dayKeys.clear();
    dayKeys.set(day, key);
  }
  return key;
}

/** `YYYY-MM` of a day number. */
export function monthKey(day: number): string {
  return dayKey(day).slice(0, 7);
}

/** The first and last day numbers of a month key. */
export function monthDays(month: string): { first: number; last: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { first: Date.UTC(y, m - 1, 1) / DAY_MS, last: Date.UTC(y, m, 1) / DAY_MS - 1 };
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** An instant: a date and a time with a zone (`Z` or an offset). */
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The UTC day of `2026-11-24` or of an instant such as `2026-11-24T09:30:00+01:00`; null when neither. */
export function parseDay(text: string): number | null {
  if (DATE_RE.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    // Date.parse rolls 2026-02-30 over to March: a date must name itself.
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? null : dayNumber(ms);
  }
  if (INSTANT_RE.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : dayNumber(ms);
  }
  return null;
}

/** Which aggregates cover the days `from..to` (inclusive): whole months, and the other days. */
export interface RangePlan {
  months: string[];
  days: string[];
}

export function planRange(from: number, to: number): RangePlan {
  const plan: RangePlan = { months: [], days: [] };
  for (let month = monthKey(from); ; ) {
    const { first, last } = monthDays(month);
    if (first >= from && last <= to) plan.months.push(month);
    else for (let d = Math.max(first, from); d <= Math.min(last, to); d++) plan.days.push(dayKey(d));
    if (last >= to) break;
    month = monthKey(last + 1);
  }
  return plan;
}

/** The months that the days `from..to` touch, in order. */
export function monthsTouched(from: number, to: number): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = monthDays(monthKey(d)).last + 1) out.push(monthKey(d));
  return out;
}

/** The ISO 8601 week of a day: `2026-W48` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: number): string {
  const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday: Monday = 0
  const thursday = day - weekday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
