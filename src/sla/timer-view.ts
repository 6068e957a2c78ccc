/**
 * How a timer looks at an instant: the state and the numbers agents and the API see.
 */
import type { Metric, SlaRules } from './rules.js';
import type { TicketState, TimerState } from './state.js';
import { elapsedAt, instantAtElapsed, isCountingAt } from './timer-clock.js';

export type TimerViewState = 'running' | 'paused' | 'achieved' | 'breached' | 'breached_achieved' | 'cancelled';

export interface TimerView {
  metric: Metric;
  cycle: number;
  state: TimerViewState;
  /** True while the ticket is in a `pause_on` status (a breached timer can be paused too). */
  paused: boolean;
  calendarId: string;
  zone: string;
  targetMs: number;
  elapsedMs: number;
  /** Negative when overdue. */
  remainingMs: number;
  percent: number;
  startedAt: number;
  /** When the target is (or was) reached while counting as now; null while paused within target or ended. */
  dueAt: number | null;
  achievedAt: number | null;
  breachedAt: number | null;
  cancelledAt: number | null;
}

/** Views of every timer of a ticket at `now`, newest cycle last per metric. */
export function viewTimers(s: TicketState, rules: SlaRules, now: number): TimerView[] {
  return s.timers.map((timer) => viewTimer(s, timer, rules, now));
}

export function viewTimer(s: TicketState, timer: TimerState, rules: SlaRules, now: number): TimerView {
  const entry = rules.calendars.get(timer.calendarId);
  const until = timer.status === 'active' ? now : (timer.endedAt ?? now);
  const elapsedMs = entry === undefined ? (timer.base?.elapsedMs ?? 0) : elapsedAt(timer, s.pauses, entry.calendar, until);
  const counting = isCountingAt(timer, s.pauses, now);
  // Running: breached from the due instant on. Ended: only if it ended past the due instant.
  const overdue = timer.status === 'active' ? elapsedMs >= timer.targetMs : elapsedMs > timer.targetMs;
  const state: TimerViewState =
    timer.status === 'cancelled' ? 'cancelled'
    : timer.status === 'achieved' ? (timer.breachedAt !== null || overdue ? 'breached_achieved' : 'achieved')
    : overdue ? 'breached'
    : counting ? 'running'
    : 'paused';
  const dueAt = timer.status === 'active' && entry !== undefined ? instantAtElapsed(timer, s.pauses, entry.calendar, timer.targetMs) : null;
  return {
    metric: timer.metric,
    cycle: timer.cycle,
    state,
    paused: timer.status === 'active' && !counting,
    calendarId: timer.calendarId,
    zone: entry?.zone ?? 'UTC',
    targetMs: timer.targetMs,
    elapsedMs,
    remainingMs: timer.targetMs - elapsedMs,
    percent: timer.targetMs === 0 ? 100 : Math.round((elapsedMs / timer.targetMs) * 1000) / 10,
    startedAt: timer.startedAt,
    dueAt,
    achievedAt: timer.status === 'achieved' ? timer.endedAt : null,
    breachedAt: timer.breachedAt ?? (overdue && entry ? instantAtElapsed(timer, s.pauses, entry.calendar, timer.targetMs) : null),
    cancelledAt: timer.status === 'cancelled' ? timer.endedAt : null,
  };
}
