/**
 * What the countdown board shows: every running, paused and breached timer across tickets,
 * soonest due first, with the open intervals of each calendar involved so the browser can
 * tick each countdown in business time on its own. Pure: states, rules and `now` in.
 */
import { viewTimers, type Metric, type SlaRules, type TicketState, type TimerView } from '../../sla/index.js';

/** How urgent a row looks: its colour, its icon and its words. */
export type AttentionLevel = 'breached' | 'warning' | 'on_track' | 'paused';

export interface BoardFilters {
  severity?: string[];
  policy?: string[];
  group?: string[];
  assignee?: string[];
  metric?: Metric[];
}

export interface BoardRow {
  /** `<source>/<ticket id>/<metric>/<cycle>`: stable across refreshes. */
  key: string;
  source: string;
  ticketId: string;
  subject: string | null;
  url: string | null;
  severityId: string;
  severityName: string;
  /** 0 = most severe. */
  severityRank: number;
  policyId: string;
  metric: Metric;
  cycle: number;
  assignee: string | null;
  group: string | null;
  level: AttentionLevel;
  paused: boolean;
  targetMs: number;
  /** Business ms left at `asOf` (negative when overdue). */
  remainingMs: number;
  dueAt: number | null;
  calendarId: string;
  zone: string;
}

export interface BoardData {
  asOf: number;
  rows: BoardRow[];
  counts: Record<AttentionLevel, number> & { total: number };
  /** Open intervals from `asOf` for each calendar a row counts in. */
  calendars: Record<string, { zone: string; open: Array<[number, number]> }>;
  /** Values the filters can take, from the rules and the tickets on the board. */
  options: { severity: Array<{ id: string; name: string }>; policy: string[]; group: string[]; assignee: string[]; metric: Metric[] };
  /** More rows matched than are shown. */
  truncated: boolean;
}

/** A row is a warning once this share of its target is used. */
export const WARNING_PERCENT = 75;
/** How far ahead each calendar's open intervals go: countdowns refresh long before. */
export const OPEN_WINDOW_MS = 14 * 86_400_000;

export function boardData(tickets: TicketState[], rules: SlaRules, now: number, filters: BoardFilters, maxRows: number): BoardData {
  const rank = new Map(rules.severities.map((s, i) => [s.id, i]));
  const all: BoardRow[] = [];
  for (const ticket of tickets) {
    for (const view of viewTimers(ticket, rules, now)) {
      if (view.state !== 'running' && view.state !== 'paused' && view.state !== 'breached') continue;
      all.push(rowOf(ticket, view, rules, rank));
    }
  }
  const options = optionsOf(all, rules);
  const matching = all.filter((r) => matches(r, filters)).sort(bySoonestDue);
  const rows = matching.slice(0, maxRows);
  const counts = { breached: 0, warning: 0, on_track: 0, paused: 0, total: matching.length };
  for (const r of matching) counts[r.level]++;
  const calendars: BoardData['calendars'] = {};
  for (const r of rows) {
    if (calendars[r.calendarId] !== undefined) continue;
    const entry = rules.calendars.get(r.calendarId);
    if (entry !== undefined) calendars[r.calendarId] = { zone: entry.zone, open: entry.calendar.openIntervals(now, now + OPEN_WINDOW_MS) };
  }
  return { asOf: now, rows, counts, calendars, options, truncated: matching.length > rows.length };
}

function rowOf(ticket: TicketState, view: TimerView, rules: SlaRules, rank: Map<string, number>): BoardRow {
  const level: AttentionLevel = view.state === 'breached' ? 'breached' : view.paused ? 'paused' : view.percent >= WARNING_PERCENT ? 'warning' : 'on_track';
  return {
    key: `${ticket.source}/${ticket.ticketId}/${view.metric}/${view.cycle}`,
    source: ticket.source,
    ticketId: ticket.ticketId,
    subject: ticket.ticket.subject,
    url: ticket.ticket.url,
    severityId: ticket.severityId,
    severityName: rules.severities.find((s) => s.id === ticket.severityId)?.name ?? ticket.severityId,
    severityRank: rank.get(ticket.severityId) ?? rules.severities.length,
    policyId: ticket.policyId ?? '-',
    metric: view.metric,
    cycle: view.cycle,
    assignee: ticket.ticket.assignee,
    group: ticket.ticket.group,
    level,
    paused: view.paused,
    targetMs: view.targetMs,
    remainingMs: view.remainingMs,
    dueAt: view.dueAt,
    calendarId: view.calendarId,
    zone: view.zone,
  };
}

function matches(r: BoardRow, f: BoardFilters): boolean {
  return (
    (f.severity === undefined || f.severity.includes(r.severityId)) &&
    (f.policy === undefined || f.policy.includes(r.policyId)) &&
    (f.group === undefined || (r.group !== null && f.group.includes(r.group))) &&
    (f.assignee === undefined || (r.assignee !== null && f.assignee.includes(r.assignee))) &&
    (f.metric === undefined || f.metric.includes(r.metric))
  );
}

/** Overdue first (most overdue on top), then soonest due; paused (no due instant) last, least time left first. */
function bySoonestDue(a: BoardRow, b: BoardRow): number {
  const da = a.dueAt ?? Infinity;
  const db = b.dueAt ?? Infinity;
  if (da !== db) return da < db ? -1 : 1;
  if (a.remainingMs !== b.remainingMs) return a.remainingMs - b.remainingMs;
  if (a.severityRank !== b.severityRank) return a.severityRank - b.severityRank;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function optionsOf(rows: BoardRow[], rules: SlaRules): BoardData['options'] {
  const sorted = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => v !== null))].sort((x, y) => x.localeCompare(y));
  return {
    severity: rules.severities.map((s) => ({ id: s.id, name: s.name })),
    policy: rules.policies.map((p) => p.id),
    group: sorted(rows.map((r) => r.group)),
    assignee: sorted(rows.map((r) => r.assignee)),
    metric: [...new Set(rows.map((r) => r.metric))].sort(),
  };
}
