/**
 * How an event moves a ticket's clocks: starting, achieving, cancelling, pausing,
 * reopening and retargeting timers. Each function edits a draft state in place at the
 * event instant `t` and records what it changed.
 */
import type { TicketStatus } from '../events.js';
import type { Metric, MetricTarget, PolicyRule, SlaRules } from './rules.js';
import type { ClockChange, TicketState, TimerState } from './state.js';
import { elapsedAt, instantAtElapsed } from './timer-clock.js';

export function isDone(status: TicketStatus): boolean {
  return status === 'solved' || status === 'closed';
}

/** The newest cycle of a metric, if any. */
export function latestTimer(s: TicketState, metric: Metric): TimerState | undefined {
  let found: TimerState | undefined;
  for (const timer of s.timers) if (timer.metric === metric && (found === undefined || timer.cycle > found.cycle)) found = timer;
  return found;
}

export function startTimer(s: TicketState, policy: PolicyRule, metric: Metric, at: number, changes: ClockChange[]): TimerState | undefined {
  const target = policy.targets[s.severityId]?.[metric];
  if (target === undefined) return undefined;
  const cycle = (latestTimer(s, metric)?.cycle ?? 0) + 1;
  const timer: TimerState = {
    metric, cycle, calendarId: target.calendarId, targetMs: target.targetMs, startedAt: at, spans: [[at, null]],
    status: 'active', endedAt: null, base: null, breachedAt: null, fired: [],
    terms: { policyId: policy.id, severityId: s.severityId, configVersion: s.configVersion },
  };
  s.timers.push(timer);
  changes.push({ kind: 'started', metric, cycle, at });
  return timer;
}

/** Ends a timer at `at`; an earlier end (a late event) truncates what it counted. */
export function endTimer(timer: TimerState, how: 'achieved' | 'cancelled', at: number, changes: ClockChange[], detail?: string): void {
  timer.status = how;
  timer.endedAt = at;
  const kept = timer.spans.filter(([from]) => from < at);
  if (kept.length === 0) kept.push([Math.min(timer.startedAt, at), at]);
  const last = kept[kept.length - 1]!;
  if (last[1] === null || last[1] > at) last[1] = at;
  timer.spans = kept;
  changes.push({ kind: how, metric: timer.metric, cycle: timer.cycle, at, ...(detail ? { detail } : {}) });
}

/** First response and resolution exist from creation (for a ticket already done, only when first seen). */
export function ensureCreationTimers(s: TicketState, policy: PolicyRule, isNew: boolean, changes: ClockChange[]): void {
  if (!isNew && isDone(s.ticket.status)) return;
  if (latestTimer(s, 'first_response') === undefined && s.firstAgentReplyAt === null) {
    startTimer(s, policy, 'first_response', s.ticket.createdAt, changes);
  }
  if (latestTimer(s, 'resolution') === undefined) startTimer(s, policy, 'resolution', s.ticket.createdAt, changes);
}

/**
 * Cancelled at exactly `t`: the solve of the same action as a reply at `t`, delivered first
 * (tools such as Zendesk do not order the events of one action). The reply still answers.
 */
function cancelledBySolveAt(timer: TimerState, t: number): boolean {
  return timer.status === 'cancelled' && timer.endedAt === t;
}

/** A public comment at `t`. Late comments are judged by their own instant, not by arrival. */
export function applyComment(s: TicketState, policy: PolicyRule, author: 'agent' | 'customer', t: number, changes: ClockChange[]): void {
  if (author === 'agent') {
    for (const metric of ['first_response', 'next_response'] as const) {
      const timer = latestTimer(s, metric);
      if (timer !== undefined && timer.startedAt <= t && (timer.status === 'active' || (timer.endedAt !== null && timer.endedAt > t) || cancelledBySolveAt(timer, t))) {
        endTimer(timer, 'achieved', t, changes);
      }
    }
    const periodic = latestTimer(s, 'periodic_update');
    if (periodic === undefined || periodic.startedAt <= t) {
      if (periodic !== undefined && (periodic.status === 'active' || cancelledBySolveAt(periodic, t))) endTimer(periodic, 'achieved', t, changes);
      if (!isDone(s.ticket.status) && (periodic === undefined || periodic.endedAt === t)) startTimer(s, policy, 'periodic_update', t, changes);
    }
    s.firstAgentReplyAt = s.firstAgentReplyAt === null ? t : Math.min(s.firstAgentReplyAt, t);
    s.lastAgentReplyAt = Math.max(s.lastAgentReplyAt ?? t, t);
    return;
  }
  const latest = latestTimer(s, 'next_response');
  const answered = s.firstAgentReplyAt !== null && s.firstAgentReplyAt <= t && (s.lastAgentReplyAt ?? -Infinity) < t;
  const noCycleOpen = latest === undefined || (latest.status !== 'active' && latest.startedAt < t && (latest.endedAt ?? t) <= t);
  if (answered && noCycleOpen && !isDone(s.ticket.status)) startTimer(s, policy, 'next_response', t, changes);
  s.lastCustomerCommentAt = Math.max(s.lastCustomerCommentAt ?? t, t);
}

/**
 * A status change at `t`: solving ends every clock; reopening resumes or restarts resolution.
 * Only an achieved resolution resumes (a cancelled one is over), and only when the current
 * terms still give resolution a target; it resumes under the current target.
 */
export function applyStatusChange(s: TicketState, rules: SlaRules, policy: PolicyRule, from: TicketStatus, to: TicketStatus, t: number, changes: ClockChange[]): void {
  if (!isDone(from) && isDone(to)) {
    for (const timer of s.timers) {
      if (timer.status !== 'active') continue;
      if (timer.metric === 'resolution') endTimer(timer, 'achieved', t, changes);
      else endTimer(timer, 'cancelled', t, changes, `ticket ${to} without a reply`);
    }
  } else if (isDone(from) && !isDone(to)) {
    const resolution = latestTimer(s, 'resolution');
    if (resolution !== undefined && resolution.status !== 'active') {
      changes.push({ kind: 'reopened', metric: 'resolution', cycle: resolution.cycle, at: t });
      const target = policy.targets[s.severityId]?.resolution;
      if (target !== undefined && policy.onReopen === 'resume' && resolution.status === 'achieved' && resolution.endedAt !== null && resolution.endedAt <= t) {
        resolution.status = 'active';
        resolution.endedAt = null;
        resolution.spans.push([t, null]);
        changes.push({ kind: 'resumed', metric: 'resolution', cycle: resolution.cycle, at: t, detail: 'reopened' });
        // The same cycle: under new_tickets it keeps its own target unless the ticket's terms changed meanwhile.
        const sameTerms = resolution.terms !== undefined && resolution.terms.policyId === s.policyId && resolution.terms.severityId === s.severityId;
        if (!sameTerms) retargetTimer(s, rules, resolution, target, t, changes);
        else if ((rules.applyChanges ?? 'new_tickets') === 'all_tickets') {
          retargetTimer(s, rules, resolution, target, t, changes, configChangeDetail(resolution.terms?.configVersion ?? null, rules.version));
        }
      } else {
        startTimer(s, policy, 'resolution', t, changes);
      }
    }
    if (s.firstAgentReplyAt !== null && latestTimer(s, 'periodic_update')?.status !== 'active') startTimer(s, policy, 'periodic_update', t, changes);
  }
}

/** Opens or closes the ticket's pause so it matches the status and the policy's `pause_on`. */
export function syncPause(s: TicketState, policy: PolicyRule | undefined, t: number, changes: ClockChange[]): void {
  const open = s.pauses[s.pauses.length - 1];
  const isPaused = open !== undefined && open[1] === null;
  const shouldPause = policy !== undefined && !isDone(s.ticket.status) && policy.pauseOn.includes(s.ticket.status);
  if (shouldPause === isPaused) return;
  if (shouldPause) s.pauses.push([t, null]);
  else open![1] = Math.max(t, open![0]);
  for (const timer of s.timers) {
    if (timer.status === 'active') changes.push({ kind: shouldPause ? 'paused' : 'resumed', metric: timer.metric, cycle: timer.cycle, at: t, detail: s.ticket.status });
  }
}

/**
 * A new severity or policy: active timers keep the business time counted so far and take
 * the new target (and calendar); a metric without a target under the new terms is cancelled.
 */
export function retarget(s: TicketState, rules: SlaRules, policy: PolicyRule | undefined, t: number, changes: ClockChange[], detail?: (timer: TimerState) => string): void {
  for (const timer of s.timers) {
    if (timer.status !== 'active') continue;
    const target = policy?.targets[s.severityId]?.[timer.metric];
    if (target === undefined) {
      endTimer(timer, 'cancelled', t, changes, `no ${timer.metric} target for ${s.severityId} under ${policy?.id ?? 'no policy'}`);
      continue;
    }
    retargetTimer(s, rules, timer, target, t, changes, detail?.(timer));
  }
}

/** `config v3 → v4`: the detail of a retarget caused by a config change alone. */
export function configChangeDetail(from: string | null, to: string | null): string {
  const label = (v: string | null) => (v === null ? 'unversioned' : /^v/i.test(v) ? v : `v${v}`);
  return `config ${label(from)} → ${label(to)}`;
}

/**
 * Moves one timer to a new target (and calendar) at `t`, keeping what it counted. A breach
 * already reached under the earlier terms keeps its own instant, so the result does not
 * depend on whether a checkpoint happened to run between the breach and the change.
 */
export function retargetTimer(s: TicketState, rules: SlaRules, timer: TimerState, target: MetricTarget, t: number, changes: ClockChange[], detail?: string): void {
  // Retargeted timers are always under a policy (without one they are cancelled instead).
  timer.terms = { policyId: s.policyId ?? '', severityId: s.severityId, configVersion: rules.version };
  if (target.targetMs === timer.targetMs && target.calendarId === timer.calendarId) return;
  const calendar = rules.calendars.get(timer.calendarId)?.calendar;
  const counted = calendar === undefined ? (timer.base?.elapsedMs ?? 0) : elapsedAt(timer, s.pauses, calendar, t);
  if (calendar !== undefined && timer.breachedAt === null) {
    const breachAt = instantAtElapsed(timer, s.pauses, calendar, timer.targetMs);
    if (breachAt !== null && breachAt <= t) {
      timer.breachedAt = breachAt;
      changes.push({ kind: 'breached', metric: timer.metric, cycle: timer.cycle, at: breachAt });
    }
  }
  timer.base = { at: t, elapsedMs: counted };
  timer.targetMs = target.targetMs;
  timer.calendarId = target.calendarId;
  changes.push({ kind: 'retargeted', metric: timer.metric, cycle: timer.cycle, at: t, detail: detail ?? `${s.policyId ?? '-'}/${s.severityId}: ${target.targetMs} ms` });
}
