/**
 * An instant as people in a calendar's zone read it: `Tue 24 Nov 10:30 CET`. Used by Slack
 * messages, internal notes and the board's "due" column.
 */
import { DateTime } from 'luxon';

/**
 * Locales tried for a zone abbreviation: en-US knows `EST`/`PST`, en-GB knows `CET`/`BST`;
 * where neither has a name, the offset (`GMT+5:30`) is shown.
 */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB'];

/** `Tue 24 Nov 10:30 CET`: the instant's wall-clock time in the timer's calendar zone. */
export function formatInZone(ms: number, zone: string): string {
  const dt = DateTime.fromMillis(ms, { zone });
  const local = dt.isValid ? dt : DateTime.fromMillis(ms, { zone: 'UTC' });
  let abbr = local.setLocale('en-US').toFormat('ZZZZ');
  for (const locale of ZONE_NAME_LOCALES) {
    const name = local.setLocale(locale).toFormat('ZZZZ');
    if (/^[A-Z]{2,5}$/.test(name)) {
      abbr = name;
      break;
    }
  }
  // en-US for day and month names: en-GB writes September as `Sept` in recent ICU data.
  return `${local.setLocale('en-US').toFormat('ccc d LLL HH:mm')} ${abbr}`;
}

/** The wall-clock time of an instant in a zone, `09:05`: for compact ranges within one local day. */
export function formatTimeInZone(ms: number, zone: string): string {
  return zoned(ms, zone).toFormat('HH:mm');
}

/** The local calendar date of an instant in a zone, `2026-11-24`: what holidays are written against. */
export function localDateInZone(ms: number, zone: string): string {
  return zoned(ms, zone).toFormat('yyyy-MM-dd');
}

function zoned(ms: number, zone: string): DateTime {
  const dt = DateTime.fromMillis(ms, { zone });
  return dt.isValid ? dt : DateTime.fromMillis(ms, { zone: 'UTC' });
}
