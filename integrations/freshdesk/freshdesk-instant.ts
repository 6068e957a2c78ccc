/**
 * Dates as Freshdesk placeholders render them. Freshdesk documents no format for
 * `{{ticket.created_on}}` / `{{ticket.modified_on}}`; what is known (see README):
 *
 * - Freshdesk's ticket Liquid drop returns Rails times, which render as
 *   `2026-11-24 09:00:00 UTC` or `2026-11-24 10:00:00 +0100`;
 * - integrators report a bare `2026-11-24 09:00:00` in the account's time zone;
 * - `{{ticket.due_by_time}}` renders `November 24 2026 at 05:00 PM IST`, and the account's
 *   display format is like `Tue, 24 Nov, 2026 at 9:00 AM`.
 *
 * Accepted: ISO 8601 with a zone; `yyyy-MM-dd HH:mm[:ss]` followed by `UTC`, `GMT`, `Z` or a
 * numeric offset; the two long forms above with `UTC`, `GMT` or a numeric offset. A time
 * without a usable zone (none, or an abbreviation such as `IST`, which is ambiguous) is read
 * in the configured `timezone` (IANA name); without one it is refused, naming that key.
 */
import { parseIsoInstant } from '../shared/instant.js';
import { isValidWallTime, wallTimeAtOffset, wallTimeInZone, type WallTime } from '../shared/zoned-time.js';

export type FreshdeskInstant = { ok: true; ms: number } | { ok: false; problem: 'unreadable' | 'needs_zone' };

const ZONE = String.raw`(?:\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})|\s+([A-Za-z]{2,6}))?`;
// 2026-11-24 09:00:00 UTC · 2026-11-24 10:00:00 +0100 · 2026-11-24 09:00:00
const NUMERIC_RE = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2}))?${ZONE}$`, 'i');
// November 24 2026 at 09:00 AM UTC · Nov 24, 2026 at 9:00 PM
const MONTH_FIRST_RE = new RegExp(String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\s+at\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])${ZONE}$`, 'i');
// Tue, 24 Nov, 2026 at 9:00 AM · 24 November 2026 at 09:00 PM +0530
const DAY_FIRST_RE = new RegExp(String.raw`^(?:[A-Za-z]{3,9},\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\s+at\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])${ZONE}$`, 'i');

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Parses a rendered Freshdesk date; `timeZone` reads times that carry no usable zone. */
export function parseFreshdeskInstant(raw: string, timeZone: string | undefined): FreshdeskInstant {
  const text = raw.trim().replace(/\s+/g, ' ');
  const iso = parseIsoInstant(text);
  if (iso !== undefined) return { ok: true, ms: iso };

  let wall: WallTime | undefined;
  let zoneToken: string | undefined;
  let m = NUMERIC_RE.exec(text);
  if (m) {
    wall = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: m[6] === undefined ? 0 : Number(m[6]) };
    zoneToken = m[7]; // m[8], a zone abbreviation, is ambiguous and not used
  } else if ((m = MONTH_FIRST_RE.exec(text))) {
    wall = twelveHour(Number(m[3]), monthOf(m[1]!), Number(m[2]), Number(m[4]), Number(m[5]), m[6]!);
    zoneToken = m[7]; // m[8], a zone abbreviation, is ambiguous and not used
  } else if ((m = DAY_FIRST_RE.exec(text))) {
    wall = twelveHour(Number(m[3]), monthOf(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), m[6]!);
    zoneToken = m[7]; // m[8], a zone abbreviation, is ambiguous and not used
  }
  if (wall === undefined || !isValidWallTime(wall)) return { ok: false, problem: 'unreadable' };

  if (zoneToken !== undefined) {
    const offset = offsetMinutes(zoneToken);
    return offset === undefined ? { ok: false, problem: 'unreadable' } : { ok: true, ms: wallTimeAtOffset(wall, offset) };
  }
  // No zone, or an abbreviation (IST is India, Israel or Ireland): only the configured zone can say.
  return timeZone === undefined ? { ok: false, problem: 'needs_zone' } : { ok: true, ms: wallTimeInZone(wall, timeZone) };
}

function twelveHour(year: number, month: number, day: number, hour12: number, minute: number, meridiem: string): WallTime {
  // 12-hour clocks run 12, 1 … 11; anything else is not a time (caught by isValidWallTime via hour -1).
  const valid = hour12 >= 1 && hour12 <= 12;
  const hour = !valid ? -1 : (hour12 % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  return { year, month, day, hour, minute, second: 0 };
}

/** 1..12 for an English month name or its 3-letter (or "Sept") abbreviation; 0 otherwise. */
function monthOf(name: string): number {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex((full) => lower === full || lower === full.slice(0, 3) || (lower === 'sept' && full === 'september'));
  return index + 1;
}

function offsetMinutes(token: string): number | undefined {
  const t = token.toUpperCase();
  if (t === 'Z' || t === 'UTC' || t === 'GMT') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(t);
  if (!m) return undefined;
  const [h, min] = [Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}
