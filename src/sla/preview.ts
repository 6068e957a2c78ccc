/**
 * What-if previews: the due instant of every metric and alert for a hypothetical ticket under
 * a policy and severity, so a manager can check a policy before it goes live. Computed with
 * the same timer clock as live tickets (`instantAtElapsed` over spans minus pauses).
 */
import { alertApplies, alertThresholdMs, METRICS, type AlertRule, type Metric, type SlaRules } from './rules.js';
import type { Span, TimerState } from './state.js';
import { instantAtElapsed } from './timer-clock.js';

/** A hypothetical ticket: created at `start`, paused during `pauses` (`to` null: paused from then on). */
export interface PreviewRequest {
  policyId: string;
  severityId: string;
  start: number;
  pauses: readonly Span[];
}

/**
 * Where a metric's clock starts: `start` for first_response and resolution (ticket creation);
 * `cycle_start` for next_response and periodic_update, which start at an event (a customer
 * comment, an agent reply) — previewed as if a cycle started at `start`.
 */
export type PreviewAnchor = 'start' | 'cycle_start';

export interface PreviewAlert {
  alert: AlertRule;
  /** Business time into the timer at which it fires. */
  thresholdMs: number;
  /** Null when a pause without end stops the clock first. */
  at: number | null;
}

export interface PreviewMetric {
  metric: Metric;
  anchor: PreviewAnchor;
  targetMs: number;
  calendarId: string;
  zone: string;
  /** Null when a pause without end stops the clock before the target. */
  dueAt: number | null;
  alerts: PreviewAlert[];
  /** `D before` alerts of the policy that never fire for this target (it is D or less). */
  skipped: Array<{ alert: AlertRule; reason: string }>;
}

export interface Preview {
  policyId: string;
  severityId: string;
  configVersion: string | null;
  start: number;
  /** Sorted, overlaps merged. */
  pauses: Span[];
  /** Metrics with a target under the policy and severity, in `METRICS` order. */
  metrics: PreviewMetric[];
}

/** One problem with a preview request: which input (`policy`, `severity`) and why. */
export interface PreviewProblem {
  field: 'policy' | 'severity';
  message: string;
}

/**
 * Unknown policy or severity ids, each naming the valid ones. `suggest(word, ids)` may add a
 * hint such as ` (did you mean "enterprise"?)` (the config's did-you-mean).
 */
export function previewProblems(rules: SlaRules, policyId: string, severityId: string, suggest: (word: string, ids: string[]) => string = () => ''): PreviewProblem[] {
  const problems: PreviewProblem[] = [];
  const policies = rules.policies.map((p) => p.id);
  const severities = rules.severities.map((s) => s.id);
  if (!policies.includes(policyId)) {
    problems.push({ field: 'policy', message: `unknown policy ${JSON.stringify(policyId)}${suggest(policyId, policies)}; policies are ${policies.join(', ') || '(none)'}` });
  }
  if (!severities.includes(severityId)) {
    problems.push({ field: 'severity', message: `unknown severity ${JSON.stringify(severityId)}${suggest(severityId, severities)}; severities are ${severities.join(', ')}` });
  }
  return problems;
}

/** Sorts pauses and merges overlapping or touching ones (the timer clock expects disjoint, sorted pauses). */
export function normalizePauses(pauses: readonly Span[]): Span[] {
  const sorted = [...pauses].map((p): Span => [p[0], p[1]]).sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && (last[1] === null || p[0] <= last[1])) {
      last[1] = last[1] === null || p[1] === null ? null : Math.max(last[1], p[1]);
    } else out.push(p);
  }
  return out;
}

/** The preview; throws on ids `previewProblems` would report. */
export function previewTimers(rules: SlaRules, request: PreviewRequest): Preview {
  const policy = rules.policies.find((p) => p.id === request.policyId);
  if (policy === undefined || previewProblems(rules, request.policyId, request.severityId).length > 0) {
    throw new Error(`cannot preview ${request.policyId}/${request.severityId}: ${previewProblems(rules, request.policyId, request.severityId).map((p) => p.message).join('; ')}`);
  }
  const pauses = normalizePauses(request.pauses);
  const targets = policy.targets[request.severityId] ?? {};
  const metrics: PreviewMetric[] = [];
  for (const metric of METRICS) {
    const target = targets[metric];
    const entry = target && rules.calendars.get(target.calendarId);
    if (target === undefined || entry === undefined) continue;
    // A fresh cycle, exactly as `startTimer` builds one: the live clock then answers every instant.
    const timer: TimerState = {
      metric, cycle: 1, calendarId: target.calendarId, targetMs: target.targetMs, startedAt: request.start, spans: [[request.start, null]],
      status: 'active', endedAt: null, base: null, breachedAt: null, fired: [],
    };
    const instantAt = (amountMs: number) => instantAtElapsed(timer, pauses, entry.calendar, amountMs);
    const alerts: PreviewAlert[] = [];
    const skipped: PreviewMetric['skipped'] = [];
    for (const alert of policy.alerts) {
      if (alertApplies(alert, request.severityId, metric, target.targetMs)) {
        const thresholdMs = alertThresholdMs(alert.at, target.targetMs);
        alerts.push({ alert, thresholdMs, at: instantAt(thresholdMs) });
      } else if (alert.at.kind === 'before' && alertApplies({ ...alert, at: { kind: 'breach' } }, request.severityId, metric, target.targetMs)) {
        skipped.push({ alert, reason: 'the target is not longer than the lead time, so it would fire as the clock starts; it never fires' });
      }
    }
    alerts.sort((a, b) => a.thresholdMs - b.thresholdMs);
    metrics.push({
      metric,
      anchor: metric === 'first_response' || metric === 'resolution' ? 'start' : 'cycle_start',
      targetMs: target.targetMs,
      calendarId: target.calendarId,
      zone: entry.zone,
      dueAt: instantAt(target.targetMs),
      alerts,
      skipped,
    });
  }
  return { policyId: policy.id, severityId: request.severityId, configVersion: rules.version, start: request.start, pauses, metrics };
}
