/**
 * What is due now and what is due next: breaches, alerts and their repeats (each at most once
 * per timer cycle; an acknowledged cycle skips reminders and repeats), outcome updates for
 * timers that ended after alerting, and the ticket's one next checkpoint instant.
 */
import type { BusinessCalendar } from '../clock/index.js';
import { alertSteps, isSkipped, routesAt, type AlertStep } from './alert-plan.js';
import { alertApplies, type AlertRule, type PolicyRule, type SlaRules } from './rules.js';
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
      const due: Array<{ step: AlertStep; at: number }> = [];
      for (const step of alertSteps(alert, timer.targetMs)) {
        if (timer.fired.includes(step.key) || isSkipped(timer, alert, step)) continue;
        const at = instantAtElapsed(timer, s.pauses, calendar, step.thresholdMs);
        if (at === null) break;
        if (at > now) {
          // Later steps come later still: this one is the alert's next checkpoint.
          next = Math.min(next, at);
          break;
        }
        due.push({ step, at });
      }
      if (due.length === 0) continue;
      // Time left as the alert is noticed: a late alert (worker outage, backdated ticket) says how it really stands.
      const remainingMs = timer.targetMs - elapsedAt(timer, s.pauses, calendar, now);
      for (const { step } of due) timer.fired.push(step.key);
      // Catching up (a late checkpoint, a backdated ticket) sends one notice, not a burst: the
      // alert itself when it is among them, else its latest repeat; the others are marked fired.
      const send = due.find((d) => d.step.repeat === null) ?? due[due.length - 1]!;
      changes.push({ kind: 'warned', metric: timer.metric, cycle: timer.cycle, at: send.at, detail: send.step.key });
      fired.push({ at: send.at, notice: alertNotice(s, rules, timer, alert, send.step, send.at, breachAt, remainingMs, now) });
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

/** The policy's alerts that apply to this timer (each step is checked against `fired` on its own). */
function alertsFor(policy: PolicyRule, severityId: string, timer: TimerState): AlertRule[] {
  return policy.alerts.filter((a) => alertApplies(a, severityId, timer.metric, timer.targetMs));
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

function alertNotice(s: TicketState, rules: SlaRules, timer: TimerState, alert: AlertRule, step: AlertStep, at: number, dueAt: number | null, remainingMs: number, now: number): Notice {
  return {
    kind: 'alert',
    // A repeat is its own notice: its own id, ledger entry and job.
    id: `${timerId(s, timer)}/${step.key}`,
    alertKey: step.key,
    at: alert.at,
    dueAt: at,
    ...(step.repeat === null ? {} : { repeat: step.repeat }),
    targets: routesAt(alert, s.severityId, rules, now),
    ...(alert.writeBack !== undefined && alert.writeBack.length > 0 ? { writeBack: alert.writeBack } : {}),
    facts: facts(s, rules, timer, remainingMs, dueAt),
  };
}

function outcomeNotice(s: TicketState, rules: SlaRules, timer: TimerState, calendar: BusinessCalendar, reason: string | null): Notice {
  const outcome = timer.status === 'cancelled' ? 'cancelled' : timer.breachedAt !== null ? 'breached_achieved' : 'achieved';
  const endedAt = timer.endedAt ?? 0;
  const remainingMs = timer.targetMs - elapsedAt(timer, s.pauses, calendar, endedAt);
  const id = `${timerId(s, timer)}/outcome/${outcome}/${endedAt}`;
  return {
    kind: 'outcome', id, outcome, endedAt, reason: outcome === 'cancelled' ? reason : null,
    ...(timer.acknowledged === undefined ? {} : { acknowledged: timer.acknowledged }),
    facts: facts(s, rules, timer, remainingMs, null),
  };
}
