/**
 * The `at` of an alert as people write it (`75%`, `15m before`, `breach`, `1h after breach`),
 * and its canonical key. The key names fired alerts in stored ticket state, so it depends
 * only on the meaning: `15m before` and `PT15M before breach` are the same alert.
 */
import { DurationError, formatDuration, parseDuration } from '../clock/index.js';
import type { AlertAt } from '../sla/rules.js';

/** What an alert's `at` may be, for messages. */
export const ALERT_AT_HELP = 'write a percentage of the target (75%), "<duration> before" (15m before), "breach", or "<duration> after breach" (1h after breach)';

const PERCENT_RE = /^(\d+)\s*%$/;
const BEFORE_RE = /^(.+?)\s+before(?:\s+breach)?$/i;
const AFTER_RE = /^(.+?)\s+after(?:\s+breach)?$/i;

/** Parses an alert time; returns the error text (what is wrong and what would be valid) otherwise. */
export function parseAlertAt(text: string): AlertAt | string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (/^breach$/i.test(t)) return { kind: 'breach' };
  const percent = PERCENT_RE.exec(t);
  if (percent) {
    const n = Number(percent[1]);
    if (n < 1 || n > 1000) return `${t} is out of range; give a whole percentage of the target from 1% to 1000% (100% is the breach)`;
    return { kind: 'percent', percent: n };
  }
  const before = BEFORE_RE.exec(t);
  const after = before ? null : AFTER_RE.exec(t);
  const offset = before ?? after;
  if (offset) {
    const ms = durationOrError(offset[1]!);
    if (typeof ms === 'string') return ms;
    if (ms === 0) return `"${text}" is the breach itself; write "breach"`;
    return before ? { kind: 'before', ms } : { kind: 'after', ms };
  }
  if (/^\d+(\.\d+)?$/.test(t)) return `"${text}" has no unit; write ${t}% for a share of the target, or e.g. ${t}m before`;
  return `"${text}" is not an alert time; ${ALERT_AT_HELP}`;
}

/** Canonical, stable key of an alert time: `percent:75`, `before:900000`, `breach`, `after:3600000` (ms). */
export function alertKey(at: AlertAt): string {
  switch (at.kind) {
    case 'percent':
      return `percent:${at.percent}`;
    case 'before':
      return `before:${at.ms}`;
    case 'breach':
      return 'breach';
    case 'after':
      return `after:${at.ms}`;
  }
}

/** For people: `75%`, `15m 00s before breach`, `breach`, `1h 00m after breach`. */
export function describeAlertAt(at: AlertAt): string {
  switch (at.kind) {
    case 'percent':
      return `${at.percent}%`;
    case 'before':
      return `${formatDuration(at.ms)} before breach`;
    case 'breach':
      return 'breach';
    case 'after':
      return `${formatDuration(at.ms)} after breach`;
  }
}

function durationOrError(text: string): number | string {
  try {
    return parseDuration(text);
  } catch (err) {
    if (err instanceof DurationError) return err.message;
    throw err;
  }
}
