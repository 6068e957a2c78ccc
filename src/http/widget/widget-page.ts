/**
 * The ticket widget: one ticket's clocks, small enough for a help desk's sidebar. Script
 * and styles are inline (the board's own) under a per-response nonce, so the page loads
 * nothing from anywhere.
 */
import { formatDuration } from '../../clock/index.js';
import type { TimerView } from '../../sla/index.js';
import type { BoardData } from '../board/board-data.js';
import { clientData, countsHtml, METRIC_LABELS, rowsHtml } from '../board/board-page.js';
import { ASSETS } from '../board/board-routes.js';
import { html, jsonForScript, SafeHtml } from '../board/html.js';

export interface WidgetPageOptions {
  nonce: string;
  source: string;
  ticketId: string;
  subject: string | null;
  /** Query string (with the signed link's `exp` and `sig`) the page's requests repeat. */
  query: string;
}

export function widgetPage(data: BoardData, ended: TimerView[], o: WidgetPageOptions): string {
  const base = `/widget/${encodeURIComponent(o.source)}/${encodeURIComponent(o.ticketId)}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SLA · ${o.subject ?? `${o.source}/${o.ticketId}`}</title>
<link rel="icon" href="data:,">
<style nonce="${o.nonce}">${rawText(ASSETS.css, 'style')}</style>
</head>
<body class="widget" data-fragment="${base}/fragment" data-stream="${base}/stream" data-stream-query="${o.query}">
<main>
<p id="board-status" class="status" role="status" aria-live="polite">SLA clocks</p>
<section id="counts" class="counts" aria-label="Timers by state">${countsHtml(data)}</section>
<table id="timers" class="timers">
  <caption class="visually-hidden">This ticket's running SLA timers</caption>
  <thead><tr>
    <th scope="col">State</th><th scope="col">Time left</th><th scope="col" class="hide">Ticket</th><th scope="col" class="hide">Severity</th>
    <th scope="col">Metric</th><th scope="col">Due</th><th scope="col" class="hide">Assignee</th><th scope="col" class="hide">Group</th><th scope="col" class="hide">Policy</th>
  </tr></thead>
  <tbody id="rows">${rowsHtml(data)}</tbody>
</table>
<p id="empty" class="empty"${data.rows.length > 0 ? html` hidden` : ''}>No SLA clock is running on this ticket.</p>
<section id="ended" aria-label="Ended SLA timers">${endedHtml(ended)}</section>
</main>
<script type="application/json" id="board-data">${jsonForScript(clientData(data))}</script>
<script nonce="${o.nonce}">${rawText(ASSETS.js, 'script')}</script>
</body>
</html>
`.value;
}

/**
 * One of our own assets as the body of an inline `<script>` or `<style>`. These are raw-text
 * elements: the browser does not decode entities in them, so HTML-escaping would corrupt the
 * code (`'` becoming `&#39;` is a syntax error). Only an end tag could break out; it cannot
 * occur in our assets, and is neutralised should it ever.
 */
function rawText(text: string, tag: 'script' | 'style'): SafeHtml {
  return new SafeHtml(text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1'));
}

/** The clocks of this ticket that have ended, with their outcome; swapped in live like the rows. */
export function endedHtml(ended: TimerView[]): SafeHtml {
  return ended.length > 0 ? html`<h2 class="ended-title">Done</h2><ul class="ended">${ended.map(endedItem)}</ul>` : html``;
}

function endedItem(v: TimerView): SafeHtml {
  const name = `${METRIC_LABELS[v.metric]}${v.cycle > 1 ? ` #${v.cycle}` : ''}`;
  const outcome =
    v.state === 'achieved' ? html`<span aria-hidden="true">✓</span> met, ${formatDuration(v.remainingMs)} to spare`
    : v.state === 'breached_achieved' ? html`<span aria-hidden="true">✕</span> missed by ${formatDuration(-v.remainingMs)}`
    : html`<span aria-hidden="true">–</span> cancelled`;
  return html`<li>${name}: ${outcome}</li>`;
}
