/**
 * The one-line human summary of a timer explanation, e.g. `15m of business time on 'always'
 * (UTC, 24x7) from Tue 24 Nov 09:00 UTC; paused 09:05–09:10 (pending) → due 09:20`. Instants
 * are wall-clock times in the calendar's zone; one on the same local day as the previous
 * instant shown is written as its time only.
 */
import { formatDuration, formatInZone, formatTimeInZone, localDateInZone } from '../clock/index.js';
import type { TimerExplanation } from './explain.js';
import type { TimerState } from './state.js';

const LISTED = 3;

/** The summary of an explanation (everything but the summary itself). */
export function summarizeTimer(e: Omit<TimerExplanation, 'summary'>, timer: TimerState): string {
  const t = timeWriter(e.calendar.zone);
  const calendar = `'${e.calendar.id}' (${e.calendar.zone}${e.calendar.hours === null ? '' : `, ${e.calendar.hours}`})`;
  const parts = [`${shortDuration(timer.targetMs)} of business time on ${calendar} from ${t(timer.startedAt)}`];
  if (e.retarget !== null) parts.push(`retargeted ${t(e.retarget.at)}, keeping ${shortDuration(e.retarget.keptMs)} counted before`);
  if (e.pauses.length > 0) {
    parts.push(`paused ${list(e.pauses.map((p) => `${t(p.from)}–${p.to === null ? 'now' : t(p.to)}${p.status === null ? '' : ` (${p.status})`}`))}`);
  }
  if (e.holidays !== null && e.holidays.length > 0) {
    const items = e.holidays.map((h) => `${h.date}${h.name === null ? '' : ` ${h.name}`} (${h.hours.length === 0 ? 'closed' : `open ${h.hours.join(', ')}`})`);
    parts.push(`${e.holidays.length === 1 ? 'holiday' : 'holidays'} ${list(items)}`);
  }
  if (e.dstChanges.length > 0) parts.push(`UTC offset ${list(e.dstChanges.map((c) => `${c.from} → ${c.to} at ${t(c.at)}`))}`);
  return `${parts.join('; ')} → ${outcome(e, timer, t)}`;
}

function outcome(e: Omit<TimerExplanation, 'summary'>, timer: TimerState, t: (ms: number) => string): string {
  const { view } = e;
  const ended = timer.endedAt ?? e.until;
  switch (view.state) {
    case 'cancelled':
      return `cancelled ${t(ended)}`;
    case 'achieved':
      return `achieved ${t(ended)} with ${shortDuration(view.remainingMs)} to spare`;
    case 'breached_achieved':
      return `due ${t(view.breachedAt ?? e.dueAt ?? ended)}, achieved ${t(ended)}, ${shortDuration(-view.remainingMs)} late`;
    case 'breached':
      return `due ${t(e.dueAt ?? view.breachedAt ?? e.until)}: breached, ${shortDuration(-view.remainingMs)} over`;
    case 'paused':
      return e.dueAt === null ? `paused with ${shortDuration(view.remainingMs)} left` : `due ${t(e.dueAt)}`;
    case 'running':
      return e.dueAt === null ? 'no due instant' : `due ${t(e.dueAt)}`;
  }
}

/** `15m`, `4h`, `1h 05m`: `formatDuration` without a zero last unit. */
export function shortDuration(ms: number): string {
  return formatDuration(ms).replace(/ 00[ms]$/, '');
}

/** Writes instants in `zone`, the date only when it differs from the previous one written. */
function timeWriter(zone: string): (ms: number) => string {
  let lastDate: string | undefined;
  return (ms) => {
    const date = localDateInZone(ms, zone);
    const text = date === lastDate ? formatTimeInZone(ms, zone) : formatInZone(ms, zone);
    lastDate = date;
    return text;
  };
}

function list(items: string[]): string {
  return items.length <= LISTED ? items.join(', ') : `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`;
}
