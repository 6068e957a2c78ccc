/**
 * The API's JSON shapes of ticket SLA state: snake_case keys, instants as ISO 8601 UTC
 * strings (or null), durations as whole business seconds.
 */
import type { HistoryEntry, TicketState, TimerView } from '../sla/index.js';

/** One timer as `/api/tickets` and `/api/timers` show it. */
export interface TimerJson {
  metric: string;
  cycle: number;
  state: string;
  target_seconds: number;
  elapsed_seconds: number;
  /** `target_seconds - elapsed_seconds`, so the three always agree; negative when overdue. */
  remaining_seconds: number;
  percent: number;
  due_at: string | null;
  achieved_at: string | null;
  breached_at: string | null;
  started_at: string | null;
  cancelled_at: string | null;
  calendar: string;
  zone: string;
  paused: boolean;
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

export function timerJson(view: TimerView): TimerJson {
  // Floor both, then derive remaining: rounding each on its own could show 59 + 0 of 60.
  const target = Math.floor(view.targetMs / 1000);
  const elapsed = Math.floor(Math.max(0, view.elapsedMs) / 1000);
  return {
    metric: view.metric,
    cycle: view.cycle,
    state: view.state,
    target_seconds: target,
    elapsed_seconds: elapsed,
    remaining_seconds: target - elapsed,
    percent: view.percent,
    due_at: isoOrNull(view.dueAt),
    achieved_at: isoOrNull(view.achievedAt),
    breached_at: isoOrNull(view.breachedAt),
    started_at: isoOrNull(view.startedAt),
    cancelled_at: isoOrNull(view.cancelledAt),
    calendar: view.calendarId,
    zone: view.zone,
    paused: view.paused,
  };
}

/** True while the ticket is in a `pause_on` status (its last pause is still open). */
export function isTicketPaused(s: TicketState): boolean {
  const last = s.pauses[s.pauses.length - 1];
  return last !== undefined && last[1] === null;
}

/** `GET /api/tickets/:source/:id`. */
export function ticketJson(s: TicketState, views: TimerView[]) {
  return {
    source: s.source,
    ticket_id: s.ticketId,
    subject: s.ticket.subject,
    url: s.ticket.url,
    status: s.ticket.status,
    priority: s.ticket.priority,
    severity: s.severityId,
    policy: s.policyId,
    config_version: s.configVersion,
    paused: isTicketPaused(s),
    timers: views.map(timerJson),
  };
}

/** One row of `GET /api/timers`: the timer with what identifies and routes its ticket. */
export function timerRowJson(s: TicketState, view: TimerView) {
  return {
    source: s.source,
    ticket_id: s.ticketId,
    subject: s.ticket.subject,
    url: s.ticket.url,
    assignee: s.ticket.assignee,
    group: s.ticket.group,
    severity: s.severityId,
    policy: s.policyId,
    ...timerJson(view),
  };
}

/** One entry of `GET /api/tickets/:source/:id/history`. */
export function historyEntryJson(e: HistoryEntry) {
  return {
    recorded_at: isoOrNull(e.recordedAt),
    cause: e.cause,
    occurred_at: isoOrNull(e.occurredAt),
    config_version: e.configVersion,
    changes: e.changes.map((c) => ({ kind: c.kind, metric: c.metric, cycle: c.cycle, at: isoOrNull(c.at), detail: c.detail ?? null })),
  };
}
