/**
 * Durations as people write them in the config (`90s`, `15m`, `4h`, `1h30m`, ISO 8601
 * `PT1H30M`) and as agents read them on a countdown (`1h 05m`). Days are refused on
 * purpose: in business time "1 day" could mean 24 open hours or one working day.
 */

/** Thrown for duration text that cannot be read; the message names the text and the accepted forms. */
export class DurationError extends Error {
  readonly code = 'sla_duration_invalid';
  constructor(readonly text: string, reason?: string) {
    super(`"${text}" is not a duration${reason ? ` (${reason})` : ''}; write e.g. 90s, 15m, 4h, 1h30m or ISO 8601 PT1H30M`);
    this.name = 'DurationError';
  }
}

const SHORT_RE = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?$/i;
const ISO_RE = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/i;

/** Parses a duration to milliseconds; throws `DurationError` naming the text otherwise. */
export function parseDuration(text: string): number {
  if (typeof text !== 'string') throw new DurationError(String(text), 'expected text');
  const t = text.trim();
  if (/^P(?:\d+[YMWD])/i.test(t)) throw new DurationError(text, 'days, weeks, months and years are ambiguous in business time; give hours, e.g. PT24H');
  if (/^\d+\s*d$/i.test(t)) throw new DurationError(text, 'days are ambiguous in business time; give hours, e.g. 24h');
  const m = SHORT_RE.exec(t) ?? ISO_RE.exec(t);
  if (!m || t === '' || /^PT$/i.test(t) || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    throw new DurationError(text);
  }
  const [h, min, s] = [m[1], m[2], m[3]].map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number];
  const ms = Math.round((h * 3600 + min * 60 + s) * 1000);
  if (!Number.isSafeInteger(ms)) throw new DurationError(text, 'too large');
  return ms;
}

/**
 * Formats milliseconds for people, truncated toward zero: `1h 05m`, `5m 09s`, `9s`, `0s`;
 * negative durations (overdue) get a leading minus.
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${sign}${h}h ${pad(m)}m`;
  if (m > 0) return `${sign}${m}m ${pad(s)}s`;
  return total === 0 ? '0s' : `${sign}${s}s`;
}
