/**
 * Why each timer of a ticket is due when it is: its calendar, target, counting runs (spans
 * minus pauses), the open intervals that counted, the holidays and DST changes crossed, and
 * what a retarget kept. Built from the same timer clock that computes the due instants, so
 * `keptMs + counted.businessMs` adds up to the target whenever the timer has a due instant.
 */
import type { CalendarSpec } from '../clock/index.js';
import { holidaysCrossed, offsetChangesCrossed, weeklyHoursText, type CrossedHoliday, type CrossedOffsetChange } from './explain-calendar.js';
import { summarizeTimer } from './explain-summary.js';
import type { SlaRules } from './rules.js';
import type { HistoryEntry, Span, TicketState, TimerState, TimerTerms } from './state.js';
import { countingRuns, instantAtElapsed } from './timer-clock.js';
import { viewTimer, type TimerView } from './timer-view.js';

/** Open intervals listed per timer unless told otherwise; the rest are only counted. */
export const EXPLAIN_MAX_INTERVALS = 50;

export interface ExplainOptions {
  now: number;
  /** Calendar specs as written in the config; without them holidays and weekly hours are left out (with a note). */
  calendarSpecs?: ReadonlyMap<string, CalendarSpec>;
  /** The ticket's audit trail, any order: gives each pause its status and lists the retargets. */
  history?: readonly HistoryEntry[];
  maxIntervals?: number;
}

export interface ExplainedPause {
  from: number;
  to: number | null;
  /** The status that paused the ticket, when the audit trail (or the current status) says. */
  status: string | null;
}

export interface TimerExplanation {
  view: TimerView;
  calendar: { id: string; zone: string; known: boolean; hours: string | null };
  terms: TimerTerms | null;
  /** The instant the counted time reaches the target (past or future); null when it does not while the ticket stays as it is. */
  dueAt: number | null;
  /** The explained period ends here: the due instant, else the end of the timer, else now. */
  until: number;
  spans: Span[];
  pauses: ExplainedPause[];
  /** Real intervals the timer counts in (spans minus pauses); `to` null while open. */
  runs: Span[];
  /** Set when retargeted: time counted before `at` (under the earlier target and calendar) is kept as is. */
  retarget: { at: number; keptMs: number; changes: Array<{ at: number; detail: string | null }> } | null;
  /** What counted on the current calendar, from the retarget (or the start) to `until`. */
  counted: { businessMs: number; intervals: Array<[number, number]>; intervalCount: number };
  /** Null when the calendar spec is unknown. */
  holidays: CrossedHoliday[] | null;
  dstChanges: CrossedOffsetChange[];
  notes: string[];
  summary: string;
}

export interface TicketExplanation {
  source: string;
  ticketId: string;
  policyId: string | null;
  severityId: string;
  configVersion: string | null;
  status: string;
  now: number;
  timers: TimerExplanation[];
  notes: string[];
}

/** Explains every timer of a ticket at `now`. Pure: the specs and the history come in as data. */
export function explainTicket(s: TicketState, rules: SlaRules, options: ExplainOptions): TicketExplanation {
  const notes: string[] = [];
  if (options.calendarSpecs === undefined) notes.push('calendar specs are not available here: holidays and weekly hours are left out');
  return {
    source: s.source,
    ticketId: s.ticketId,
    policyId: s.policyId,
    severityId: s.severityId,
    configVersion: s.configVersion,
    status: s.ticket.status,
    now: options.now,
    timers: s.timers.map((timer) => explainTimer(s, timer, rules, options)),
    notes,
  };
}

function explainTimer(s: TicketState, timer: TimerState, rules: SlaRules, options: ExplainOptions): TimerExplanation {
  const view = viewTimer(s, timer, rules, options.now);
  const entry = rules.calendars.get(timer.calendarId);
  const spec = options.calendarSpecs?.get(timer.calendarId);
  const notes: string[] = [];
  const dueAt = entry === undefined ? null : instantAtElapsed(timer, s.pauses, entry.calendar, timer.targetMs);
  const until = dueAt ?? timer.endedAt ?? options.now;
  const runs = countingRuns(timer.spans, s.pauses);
  const from = timer.base?.at ?? -Infinity;
  // Only time after a retarget is measured on the current calendar; before it, `base` holds what counted.
  const periods = runs.map(([a, b]) => [Math.max(a, from), Math.min(b, until)] as [number, number]).filter(([a, b]) => b > a);
  const counted = { businessMs: 0, intervals: [] as Array<[number, number]>, intervalCount: 0 };
  const max = options.maxIntervals ?? EXPLAIN_MAX_INTERVALS;
  if (entry === undefined) notes.push(`calendar "${timer.calendarId}" is not in the current config: its open intervals cannot be shown`);
  else {
    for (const [a, b] of periods) {
      for (const interval of entry.calendar.openIntervals(a, b)) {
        counted.businessMs += interval[1] - interval[0];
        counted.intervalCount++;
        if (counted.intervals.length < max) counted.intervals.push(interval);
      }
    }
    if (counted.intervalCount > counted.intervals.length) notes.push(`${counted.intervalCount - counted.intervals.length} more open intervals counted; the first ${max} are listed`);
  }
  const zone = entry?.zone ?? 'UTC';
  const retargets = (options.history ?? [])
    .flatMap((h) => h.changes)
    .filter((c) => c.kind === 'retargeted' && c.metric === timer.metric && c.cycle === timer.cycle)
    .map((c) => ({ at: c.at, detail: c.detail ?? null }))
    .sort((a, b) => a.at - b.at);
  const retarget = timer.base === null ? null : { at: timer.base.at, keptMs: timer.base.elapsedMs, changes: retargets };
  if (dueAt === null && timer.status === 'active') notes.push('paused: no due instant until the clock runs again');
  if (spec === undefined && options.calendarSpecs !== undefined) notes.push(`calendar "${timer.calendarId}" has no spec in the current config: holidays are left out`);
  const explanation: Omit<TimerExplanation, 'summary'> = {
    view,
    calendar: { id: timer.calendarId, zone, known: entry !== undefined, hours: spec === undefined ? null : weeklyHoursText(spec) },
    terms: timer.terms ?? null,
    dueAt,
    until,
    spans: timer.spans.map((sp): Span => [sp[0], sp[1]]),
    pauses: pausesOf(s, timer, until, options.history ?? []),
    runs: runs.map(([a, b]): Span => [a, b === Infinity ? null : b]),
    retarget,
    counted,
    holidays: spec === undefined ? null : holidaysCrossed(spec, zone, periods),
    dstChanges: entry === undefined ? [] : offsetChangesCrossed(zone, periods),
    notes,
  };
  return { ...explanation, summary: summarizeTimer(explanation, timer) };
}

/** The ticket's pauses that overlap the timer's explained period, each with the status that caused it when known. */
function pausesOf(s: TicketState, timer: TimerState, until: number, history: readonly HistoryEntry[]): ExplainedPause[] {
  const statusAt = new Map<number, string>();
  for (const h of history) for (const c of h.changes) if (c.kind === 'paused' && c.detail !== undefined) statusAt.set(c.at, c.detail);
  const last = s.pauses[s.pauses.length - 1];
  return s.pauses
    .filter(([a, b]) => a < until && (b ?? Infinity) > timer.startedAt)
    .map(([a, b]) => ({
      from: a,
      to: b,
      // The open pause is the current status; closed ones only the trail can name.
      status: statusAt.get(a) ?? (b === null && a === last?.[0] ? s.ticket.status : null),
    }));
}
