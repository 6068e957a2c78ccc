/**
 * The steps of one alert on one timer cycle — the alert, then its repeats — and where each
 * notice may go right now (quiet hours). Pure: the checkpoint planning in `due.ts` reads the
 * steps' thresholds so the ticket's one checkpoint job also sits at the next repeat.
 */
import { alertThresholdMs, isCriticalAlert, type AlertRule, type NotifyTarget, type SlaRules } from './rules.js';
import type { AlertNotice, TimerState } from './state.js';

/** One firing of an alert: the alert itself, or its `n`th repeat. */
export interface AlertStep {
  /** What goes into `TimerState.fired`: the alert's key, or `<key>#r<n>` for a repeat. */
  key: string;
  /** Business time into the timer at which it fires. */
  thresholdMs: number;
  repeat: { n: number; of: number } | null;
}

/** The alert and its repeats, in firing order (thresholds strictly increase). */
export function alertSteps(alert: AlertRule, targetMs: number): AlertStep[] {
  const base = alertThresholdMs(alert.at, targetMs);
  const steps: AlertStep[] = [{ key: alert.key, thresholdMs: base, repeat: null }];
  const r = alert.repeat;
  if (r !== undefined) {
    for (let n = 1; n <= r.times; n++) steps.push({ key: repeatKey(alert.key, n), thresholdMs: base + n * r.everyMs, repeat: { n, of: r.times } });
  }
  return steps;
}

/** `breach#r2`: the ledger and `fired` key of an alert's 2nd repeat. */
export function repeatKey(alertKey: string, n: number): string {
  return `${alertKey}#r${n}`;
}

/**
 * Once someone acknowledged the cycle, reminders before the breach and repeats stop: they only
 * ask for what was given. The breach and after-breach alerts themselves still fire (they
 * escalate, and the next people up should know).
 */
export function skippedOnceAcknowledged(alert: AlertRule, step: AlertStep): boolean {
  return step.repeat !== null || alert.at.kind === 'percent' || alert.at.kind === 'before';
}

/** Whether an alert notice is one an acknowledgement stops (a notice held in quiet hours is dropped then). */
export function stopsOnAcknowledge(notice: Pick<AlertNotice, 'at' | 'repeat'>): boolean {
  return notice.repeat !== undefined || notice.at.kind === 'percent' || notice.at.kind === 'before';
}

/** Whether the timer's planning skips this step. */
export function isSkipped(timer: Pick<TimerState, 'acknowledged'>, alert: AlertRule, step: AlertStep): boolean {
  return timer.acknowledged !== undefined && skippedOnceAcknowledged(alert, step);
}

/**
 * The alert's routes as a notice fired at `now` carries them: a route in its quiet hours gets
 * `holdUntil` (its calendar's next opening) unless the alert is critical for this severity.
 * A quiet calendar that is gone after a reload holds nothing.
 */
export function routesAt(alert: AlertRule, severityId: string, rules: Pick<SlaRules, 'severities' | 'calendars'>, now: number): NotifyTarget[] {
  const critical = isCriticalAlert(alert, severityId, rules);
  return alert.notify.map((target) => {
    const { holdUntil: _stale, ...route } = target;
    if (critical || route.quietCalendarId === undefined) return route;
    const calendar = rules.calendars.get(route.quietCalendarId)?.calendar;
    if (calendar === undefined || calendar.isOpen(now)) return route;
    try {
      return { ...route, holdUntil: calendar.nextOpen(now) };
    } catch {
      // A calendar that never opens again (e.g. only holidays ahead) would hold forever: deliver.
      return route;
    }
  });
}
