/**
 * The board's HTML, rendered on the server: the page, and the parts the browser swaps in
 * when timers change (rows and counts). The browser script only ticks countdowns and swaps
 * parts, so all markup lives here. State is told by words and icons, never colour alone.
 */
import { formatDuration, formatInZone } from '../../clock/index.js';
import type { Metric } from '../../sla/index.js';
import type { AttentionLevel, BoardData, BoardFilters, BoardRow } from './board-data.js';
import { html, jsonForScript, type SafeHtml } from './html.js';

/** Icons from plain Unicode symbol blocks, present in common system fonts (no emoji font needed). */
export const LEVELS: Record<AttentionLevel, { icon: string; label: string }> = {
  breached: { icon: '✕', label: 'Breached' },
  warning: { icon: '⚠', label: 'Warning' },
  on_track: { icon: '✓', label: 'On track' },
  paused: { icon: '‖', label: 'Paused' },
};

export const METRIC_LABELS: Record<Metric, string> = {
  first_response: 'First response',
  next_response: 'Next response',
  periodic_update: 'Periodic update',
  resolution: 'Resolution',
};

/** The whole page. `wall` enlarges everything for a wall display. */
export function boardPage(data: BoardData, filters: BoardFilters, options: { wall: boolean }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SLA board · sla-timer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/board.css">
<script src="/assets/board.js" defer></script>
</head>
<body class="${options.wall ? 'board wall' : 'board'}">
<header class="top">
  <h1>SLA board</h1>
  <p id="board-status" class="status" role="status" aria-live="polite">Updated ${formatInZone(data.asOf, 'UTC')}</p>
</header>
<main>
<form id="filters" class="filters" method="get" action="/board" aria-label="Filter timers">
  ${filterSelect('severity', 'Severity', data.options.severity.map((s) => [s.id, s.name]), filters.severity)}
  ${filterSelect('policy', 'Policy', data.options.policy.map((p) => [p, p]), filters.policy)}
  ${filterSelect('group', 'Group', data.options.group.map((g) => [g, g]), filters.group)}
  ${filterSelect('assignee', 'Assignee', data.options.assignee.map((a) => [a, a]), filters.assignee)}
  ${filterSelect('metric', 'Metric', data.options.metric.map((m) => [m, METRIC_LABELS[m]]), filters.metric)}
  ${options.wall ? html`<input type="hidden" name="wall" value="1">` : ''}
  <noscript><button type="submit">Apply</button></noscript>
</form>
<section id="counts" class="counts" aria-label="Timers by state">${countsHtml(data)}</section>
<div class="table-wrap">
<table id="timers" class="timers">
  <caption class="visually-hidden">Running, paused and breached SLA timers, soonest due first. Use the arrow keys to move between rows and Enter to open a ticket.</caption>
  <thead><tr>
    <th scope="col">State</th><th scope="col">Time left</th><th scope="col">Ticket</th><th scope="col">Severity</th>
    <th scope="col">Metric</th><th scope="col">Due</th><th scope="col">Assignee</th><th scope="col">Group</th><th scope="col">Policy</th>
  </tr></thead>
  <tbody id="rows">${rowsHtml(data)}</tbody>
</table>
</div>
<p id="empty" class="empty"${data.rows.length > 0 ? html` hidden` : ''}>No running timers${hasFilters(filters) ? ' match these filters' : ''}. Nothing is about to breach.</p>
${data.truncated ? html`<p class="truncated">Showing the ${data.rows.length} soonest of ${data.counts.total}; narrow the filters to see the rest.</p>` : ''}
</main>
<script type="application/json" id="board-data">${jsonForScript(clientData(data))}</script>
</body>
</html>
`.value;
}

/** The counts per attention level, with words and icons. */
export function countsHtml(data: BoardData): SafeHtml {
  const order: AttentionLevel[] = ['breached', 'warning', 'on_track', 'paused'];
  return html`${order.map(
    (level) => html`<span class="count level-${level}" data-level="${level}"><span aria-hidden="true">${LEVELS[level].icon}</span> ${LEVELS[level].label} <b>${data.counts[level]}</b></span>`,
  )}<span class="count total">Total <b>${data.counts.total}</b></span>`;
}

/** One `<tr>` per timer. */
export function rowsHtml(data: BoardData): SafeHtml {
  return html`${data.rows.map((r) => rowHtml(r))}`;
}

function rowHtml(r: BoardRow): SafeHtml {
  const label = r.subject ?? `${r.source}/${r.ticketId}`;
  const left = r.level === 'paused' ? `${formatDuration(r.remainingMs)} (paused)` : r.remainingMs < 0 ? `${formatDuration(-r.remainingMs)} overdue` : formatDuration(r.remainingMs);
  return html`<tr class="row level-${r.level}" data-key="${r.key}" tabindex="0">
<td class="state"><span class="badge level-${r.level}"><span aria-hidden="true">${LEVELS[r.level].icon}</span> <span class="badge-text">${LEVELS[r.level].label}</span></span></td>
<td class="left" data-countdown>${left}</td>
<td class="ticket">${r.url ? html`<a href="${r.url}" target="_blank" rel="noopener noreferrer">${label}</a>` : label} <span class="ticket-id">${r.source}/${r.ticketId}</span></td>
<td class="severity sev-rank-${Math.min(r.severityRank, 3)}">${r.severityName}</td>
<td class="metric">${METRIC_LABELS[r.metric]}${r.cycle > 1 ? html` <span class="cycle">#${r.cycle}</span>` : ''}</td>
<td class="due">${r.dueAt === null ? '—' : html`<time datetime="${new Date(r.dueAt).toISOString()}" data-zone="${r.zone}" title="${formatInZone(r.dueAt, r.zone)} (${r.zone})">${formatInZone(r.dueAt, r.zone)}</time>`}</td>
<td class="assignee">${r.assignee ?? '—'}</td>
<td class="group">${r.group ?? '—'}</td>
<td class="policy">${r.policyId}</td>
</tr>`;
}

function filterSelect(name: keyof BoardFilters, label: string, choices: Array<[string, string]>, selected: string[] | undefined): SafeHtml {
  const current = selected?.[0] ?? '';
  return html`<label>${label} <select name="${name}">
<option value="">All</option>
${choices.map(([value, text]) => html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`)}
</select></label>`;
}

function hasFilters(f: BoardFilters): boolean {
  return Object.values(f).some((v) => v !== undefined && v.length > 0);
}

/** What the browser needs to tick: per row its time left at `asOf`, per calendar its open intervals. */
export function clientData(data: BoardData): object {
  return {
    asOf: data.asOf,
    // A truncated board shows some rows only: the counts stay the server's (all matches).
    truncated: data.truncated,
    rows: data.rows.map((r) => ({ key: r.key, remainingMs: r.remainingMs, targetMs: r.targetMs, paused: r.paused, calendarId: r.calendarId })),
    calendars: data.calendars,
  };
}
