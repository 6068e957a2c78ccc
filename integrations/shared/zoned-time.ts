/**
 * Wall-clock times in an IANA time zone, to epoch ms, with the runtime's own time-zone data
 * (Intl): for tools that render dates without an offset. No outside library, so
 * integrations keep depending on `src/events.ts` only. A candidate for `integrations/shared/`.
 */

export interface WallTime {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when the runtime knows the IANA zone name (`Europe/Berlin`, `Asia/Kolkata`, `UTC`). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** True when the fields name a real date and time (no 30 February, no 24:00). */
export function isValidWallTime(t: WallTime): boolean {
  return (
    t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= daysInMonth(t.year, t.month) &&
    t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 && t.second <= 59
  );
}

/** The wall time read as UTC, plus an offset in minutes east of UTC. */
export function wallTimeAtOffset(t: WallTime, offsetMinutes: number): number {
  return utcOf(t) - offsetMinutes * 60_000;
}

/**
 * The instant a wall time names in `zone`. In a DST gap the time is read with the offset
 * before the change (02:30 on a spring-forward night becomes 03:30); in an overlap the
 * earlier of the two instants wins.
 */
export function wallTimeInZone(t: WallTime, zone: string): number {
  const asUtc = utcOf(t);
  // The offsets a day before and after: a zone changes its offset at most once in between.
  const before = offsetAt(asUtc - DAY_MS, zone);
  const after = offsetAt(asUtc + DAY_MS, zone);
  const valid = [asUtc - before, asUtc - after].filter((ms) => ms + offsetAt(ms, zone) === asUtc);
  // Overlap: both readings exist, take the earlier. Gap: none exists, read with the old offset.
  return valid.length > 0 ? Math.min(...valid) : asUtc - before;
}

const DAY_MS = 86_400_000;

/** Milliseconds the zone is ahead of UTC at the instant. */
function offsetAt(ms: number, zone: string): number {
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const local = utcOf({ year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') });
  return local - Math.floor(ms / 1000) * 1000;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

function utcOf(t: WallTime): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0..99 as 1900..1999.
  date.setUTCFullYear(t.year, t.month - 1, t.day);
  date.setUTCHours(t.hour, t.minute, t.second, 0);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
