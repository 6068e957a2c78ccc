/**
 * Timers past due and still running, for the report's `open_past_due` column: they have no
 * outcome yet, so no aggregate holds them; they are read from the active tickets.
 */
import type { SlaRules } from '../sla/rules.js';
import type { TicketState } from '../sla/state.js';
import { viewTimers } from '../sla/timer-view.js';
import { cellKey } from './aggregate.js';
import type { GroupBy } from './compliance-report.js';
import { NONE } from './dimensions.js';
import { dayNumber, isoWeek } from './periods.js';

/** Counts by cell key (group value, metric) of breached running timers that started in days `from..to`. */
export function countOpenPastDue(tickets: readonly TicketState[], rules: SlaRules, now: number, from: number, to: number, groupBy: GroupBy): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of tickets) {
    for (const view of viewTimers(s, rules, now)) {
      if (view.state !== 'breached') continue;
      const day = dayNumber(view.startedAt);
      if (day < from || day > to) continue;
      const key = cellKey(groupValue(s, groupBy, day), view.metric);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** The earliest due instant among a ticket's running timers (Infinity when none is due): the active index's order. */
export function soonestDue(s: TicketState, rules: SlaRules, now: number): number {
  let soonest = Infinity;
  for (const view of viewTimers(s, rules, now)) {
    if (view.state === 'achieved' || view.state === 'breached_achieved' || view.state === 'cancelled') continue;
    soonest = Math.min(soonest, view.dueAt ?? Infinity);
  }
  return soonest;
}

function groupValue(s: TicketState, groupBy: GroupBy, startDay: number): string {
  switch (groupBy) {
    case 'metric':
      return 'all';
    case 'severity':
      return s.severityId;
    case 'policy':
      return s.policyId ?? NONE;
    case 'group':
      return s.ticket.group ?? NONE;
    case 'assignee':
      return s.ticket.assignee ?? NONE;
    case 'organization':
      return s.ticket.organization ?? NONE;
    case 'source':
      return s.source;
    case 'week':
      return isoWeek(startDay);
  }
}
