/**
 * Instants as tools send them, to epoch milliseconds. Only instants with a zone are
 * accepted: a local time would be read in the server's zone and shift every clock.
 */

// Date and time, `T` (or a space, as RFC 3339 allows), optional seconds and fraction, then Z or an offset.
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** Largest instant a JS Date can hold (±100,000,000 days from the epoch). */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Parses an ISO 8601 / RFC 3339 date-time with a zone (`2026-11-24T09:00:00Z`,
 * `2026-11-24T10:00:00.250+01:00`, `+0100`, `+01`) to epoch ms; undefined when the text is
 * not one or names an impossible date or time. Fractions beyond milliseconds are truncated.
 */
export function parseIsoInstant(text: string): number | undefined {
  const m = ISO_RE.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0..99 as 1900..1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime() - offsetMinutes * 60_000;
}

/** Epoch seconds or milliseconds (as Jira and others send) to epoch ms; undefined when not a usable instant. */
export function instantFromEpoch(value: number, unit: 'ms' | 's'): number | undefined {
  const ms = unit === 's' ? value * 1000 : value;
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? Math.trunc(ms) : undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
