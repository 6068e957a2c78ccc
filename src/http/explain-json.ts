/**
 * The JSON of `GET /api/tickets/:source/:id/explain`: instants as ISO 8601 UTC (with the wall
 * time in the calendar's zone where people read them), business time in whole seconds.
 */
import { formatDuration, formatInZone } from '../clock/index.js';
import type { Span, TicketExplanation, TimerExplanation } from '../sla/index.js';
import { isoOrNull } from './sla-json.js';

const seconds = (ms: number) => Math.floor(ms / 1000);
const spanJson = ([from, to]: Span | [number, number]) => ({ from: isoOrNull(from), to: isoOrNull(to) });

export function explanationJson(e: TicketExplanation) {
  return {
    source: e.source,
    ticket_id: e.ticketId,
    policy: e.policyId,
    severity: e.severityId,
    config_version: e.configVersion,
    status: e.status,
    now: isoOrNull(e.now),
    notes: e.notes,
    timers: e.timers.map(timerExplanationJson),
  };
}

function timerExplanationJson(t: TimerExplanation) {
  const { view } = t;
  return {
    metric: view.metric,
    cycle: view.cycle,
    state: view.state,
    summary: t.summary,
    calendar: { id: t.calendar.id, zone: t.calendar.zone, hours: t.calendar.hours, in_config: t.calendar.known },
    target: formatDuration(view.targetMs),
    target_seconds: seconds(view.targetMs),
    target_from: t.terms === null ? null : { policy: t.terms.policyId, severity: t.terms.severityId, config_version: t.terms.configVersion },
    started_at: isoOrNull(view.startedAt),
    due_at: isoOrNull(t.dueAt),
    due_local: t.dueAt === null ? null : formatInZone(t.dueAt, t.calendar.zone),
    achieved_at: isoOrNull(view.achievedAt),
    breached_at: isoOrNull(view.breachedAt),
    cancelled_at: isoOrNull(view.cancelledAt),
    elapsed_seconds: seconds(Math.max(0, view.elapsedMs)),
    explained_until: isoOrNull(t.until),
    spans: t.spans.map(spanJson),
    pauses: t.pauses.map((p) => ({ ...spanJson([p.from, p.to]), status: p.status })),
    counting_runs: t.runs.map(spanJson),
    retarget: t.retarget === null ? null : {
      at: isoOrNull(t.retarget.at),
      kept_seconds: seconds(t.retarget.keptMs),
      kept: formatDuration(t.retarget.keptMs),
      changes: t.retarget.changes.map((c) => ({ at: isoOrNull(c.at), detail: c.detail })),
    },
    counted: {
      business_seconds: seconds(t.counted.businessMs),
      open_intervals: t.counted.intervals.map(spanJson),
      open_interval_count: t.counted.intervalCount,
      open_intervals_omitted: t.counted.intervalCount - t.counted.intervals.length,
    },
    holidays: t.holidays,
    dst_changes: t.dstChanges.map((c) => ({ at: isoOrNull(c.at), local: formatInZone(c.at, t.calendar.zone), from: c.from, to: c.to })),
    notes: t.notes,
  };
}
