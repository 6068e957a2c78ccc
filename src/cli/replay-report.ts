/** What `sla-timer replay` prints: a table per ticket and a summary, or the same as JSON. */
import { formatDuration } from '../clock/index.js';
import { isoOrNull, timerJson } from '../http/sla-json.js';
import { METRICS, type ReplayCounts, type ReplayResult } from '../sla/index.js';
import { textTable } from './text-table.js';

/** Where the events and the config came from, for the report's header. */
export interface ReplaySource {
  file: string;
  configFile: string;
  configVersion: string | null;
}

export function replayJson(r: ReplayResult, from: ReplaySource) {
  return {
    file: from.file,
    config: from.configFile,
    config_version: from.configVersion,
    now: isoOrNull(r.now),
    events: r.events,
    tickets: r.tickets.map((t) => ({
      source: t.state.source,
      ticket_id: t.state.ticketId,
      policy: t.state.policyId,
      severity: t.state.severityId,
      status: t.state.ticket.status,
      events: t.events,
      duplicates: t.duplicates,
      timers: t.views.map(timerJson),
    })),
    summary: Object.fromEntries(Object.entries(r.summary).map(([metric, c]) => [metric, countsJson(c)])),
  };
}

function countsJson(c: ReplayCounts) {
  return { met: c.met, breached: c.breached, cancelled: c.cancelled, open: c.open, percent_met: c.percentMet };
}

export function replayText(r: ReplayResult, from: ReplaySource): string {
  const at = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z'));
  const lines: string[] = [];
  for (const t of r.tickets) {
    const s = t.state;
    const terms = s.policyId === null ? 'no policy' : `policy ${s.policyId}, severity ${s.severityId}`;
    lines.push(`${s.source}/${s.ticketId}  ${terms}, status ${s.ticket.status} (${t.events} ${t.events === 1 ? 'event' : 'events'})`);
    if (t.views.length === 0) lines.push('  (no timers)');
    else {
      const rows = [['metric', 'cycle', 'state', 'target', 'elapsed', 'started', 'ended', 'breached']];
      for (const v of t.views) {
        rows.push([v.metric, String(v.cycle), v.state, formatDuration(v.targetMs), formatDuration(Math.max(0, v.elapsedMs)), at(v.startedAt), at(v.achievedAt ?? v.cancelledAt), at(v.breachedAt)]);
      }
      lines.push(...textTable(rows, '  '));
    }
    lines.push('');
  }
  const version = from.configVersion === null ? '' : `, version ${from.configVersion}`;
  lines.push(`Summary at ${at(r.now)}: ${r.tickets.length} ${r.tickets.length === 1 ? 'ticket' : 'tickets'}, ${r.events} events, config ${from.configFile}${version}`);
  const rows = [['metric', 'met', 'breached', 'cancelled', 'open', '% met']];
  for (const metric of [...METRICS, 'all'] as const) {
    const c = r.summary[metric];
    if (c === undefined) continue;
    rows.push([metric, String(c.met), String(c.breached), String(c.cancelled), String(c.open), c.percentMet === null ? '-' : `${c.percentMet}%`]);
  }
  lines.push(...textTable(rows, '  '));
  return `${lines.join('\n')}\n`;
}
