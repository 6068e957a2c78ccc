/**
 * What is due now and what is due next: breaches, alerts (each at most once per timer
 * cycle), outcome updates for timers that ended after alerting, and the ticket's one next
 * checkpoint instant.
 */
import type { BusinessCalendar } from '../clock/index.js';
import { alertApplies, alertThresholdMs, type AlertRule, type PolicyRule, type SlaRules } from './rules.js';
import type { ClockChange, Notice, TicketState, TimerFacts, TimerState } from './state.js';
import { elapsedAt, instantAtElapsed } from './timer-clock.js';

/** Settles a draft state at `now`: records breaches, fires due alerts, returns new notices and the next checkpoint. */
export function settle(s: TicketState, rules: SlaRules, now: number, changes: ClockChange[]): { notices: Notice[]; checkpointAt: number | null } {
  const policy = s.policyId === null ? undefined : rules.policies.find((p) => p.id === s.policyId);
  const fired: Array<{ at: number; notice: Notice }> = [];
  let next = Infinity;
  for (const timer of s.timers) {
    const calendar = rules.calendars.get(timer.calendarId)?.calendar;
    if (calendar === undefined) continue;
    const breachAt = instantAtElapsed(timer, s.pauses, calendar, timer.targetMs);
    // A running timer is breached from its due instant on; an answer given exactly at the due instant is in time.
    const breached = breachAt !== null && (timer.status === 'active' ? breachAt <= now : breachAt < (timer.endedAt ?? now));
    if (breached) {
      if (timer.breachedAt === null) {
        timer.breachedAt = breachAt;
        changes.push({ kind: 'breached', metric: timer.metric, cycle: timer.cycle, at: breachAt });
      }
    } else {
      timer.breachedAt = null;
      if (breachAt !== null && timer.status === 'active') next = Math.min(next, breachAt);
    }
    if (timer.status !== 'active' || policy === undefined) continue;
    for (const alert of alertsFor(policy, s.severityId, timer)) {
      const at = instantAtElapsed(timer, s.pauses, calendar, alertThresholdMs(alert.at, timer.targetMs));
      if (at === null) continue;
      if (at > now) {
        next = Math.min(next, at);
        continue;
      }
      timer.fired.push(alert.key);
      changes.push({ kind: 'warned', metric: timer.metric, cycle: timer.cycle, at, detail: alert.key });
      // Time left as the alert is noticed: a late alert (worker outage, backdated ticket) says how it really stands.
      fired.push({ at, notice: alertNotice(s, rules, timer, alert, at, breachAt, timer.targetMs - elapsedAt(timer, s.pauses, calendar, now)) });
    }
  }
  const notices: Notice[] = fired.sort((a, b) => a.at - b.at).map((f) => f.notice);
  for (const change of changes) {
    if (change.kind !== 'achieved' && change.kind !== 'cancelled') continue;
    const timer = s.timers.find((t) => t.metric === change.metric && t.cycle === change.cycle);
    const calendar = timer && rules.calendars.get(timer.calendarId)?.calendar;
    if (timer !== undefined && calendar !== undefined && timer.status === change.kind && timer.fired.length > 0) {
      notices.push(outcomeNotice(s, rules, timer, calendar, change.detail ?? null));
    }
  }
  s.outbox.push(...notices);
  s.checkpointAt = next === Infinity ? null : next;
  return { notices, checkpointAt: s.checkpointAt };
}

/** The policy's alerts that apply to this timer and have not fired in its cycle. */
function alertsFor(policy: PolicyRule, severityId: string, timer: TimerState): AlertRule[] {
  return policy.alerts.filter((a) => !timer.fired.includes(a.key) && alertApplies(a, severityId, timer.metric, timer.targetMs));
}

/** Identifies a timer cycle across the system (ledgers, job ids, threads). */
export function timerId(s: Pick<TicketState, 'source' | 'ticketId'>, timer: Pick<TimerState, 'metric' | 'cycle'>): string {
  return `${s.source}/${s.ticketId}/${timer.metric}/${timer.cycle}`;
}

function facts(s: TicketState, rules: SlaRules, timer: TimerState, remainingMs: number, dueAt: number | null): TimerFacts {
  return {
    source: s.source,
    ticketId: s.ticketId,
    subject: s.ticket.subject,
    url: s.ticket.url,
    assignee: s.ticket.assignee,
    group: s.ticket.group,
    severityId: s.severityId,
    severityName: rules.severities.find((sev) => sev.id === s.severityId)?.name ?? s.severityId,
    policyId: s.policyId ?? '-',
    metric: timer.metric,
    cycle: timer.cycle,
    targetMs: timer.targetMs,
    remainingMs,
    dueAt,
    zone: rules.calendars.get(timer.calendarId)?.zone ?? 'UTC',
  };
}

function alertNotice(s: TicketState, rules: SlaRules, timer: TimerState, alert: AlertRule, at: number, dueAt: number | null, remainingMs: number): Notice {
  return {
    kind: 'alert',
    id: `${timerId(s, timer)}/${alert.key}`,
    alertKey: alert.key,
    at: alert.at,
    dueAt: at,
    targets: alert.notify,
    ...(alert.writeBack !== undefined && alert.writeBack.length > 0 ? { writeBack: alert.writeBack } : {}),
    facts: facts(s, rules, timer, remainingMs, dueAt),
  };
}

function outcomeNotice(s: TicketState, rules: SlaRules, timer: TimerState, calendar: BusinessCalendar, reason: string | null): Notice {
  const outcome = timer.status === 'cancelled' ? 'cancelled' : timer.breachedAt !== null ? 'breached_achieved' : 'achieved';
  const endedAt = timer.endedAt ?? 0;
  const remainingMs = timer.targetMs - elapsedAt(timer, s.pauses, calendar, endedAt);
  const id = `${timerId(s, timer)}/outcome/${outcome}/${endedAt}`;
  return { kind: 'outcome', id, outcome, endedAt, reason: outcome === 'cancelled' ? reason : null, facts: facts(s, rules, timer, remainingMs, null) };
}
