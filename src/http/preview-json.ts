/**
 * The JSON of a what-if preview, shared by `POST /api/preview` and `sla-timer preview --json`:
 * instants as ISO 8601 UTC plus the wall time in the timer calendar's zone, business-time
 * durations in people's words and in ms.
 */
import { formatDuration, formatInZone } from '../clock/index.js';
import { describeAlertAt } from '../config/index.js';
import type { Preview, PreviewAnchor } from '../sla/index.js';
import { isoOrNull } from './sla-json.js';

const ANCHOR_NOTES: Record<string, string> = {
  next_response: 'a cycle starts at a public customer comment once the first response was given; shown as if one started at start',
  periodic_update: 'a cycle starts at each public agent reply while the ticket is open; shown as if one started at start',
};

export function previewJson(p: Preview) {
  const local = (ms: number | null, zone: string) => (ms === null ? null : formatInZone(ms, zone));
  return {
    policy: p.policyId,
    severity: p.severityId,
    config_version: p.configVersion,
    start: isoOrNull(p.start),
    pauses: p.pauses.map(([from, to]) => ({ from: isoOrNull(from), to: isoOrNull(to) })),
    metrics: p.metrics.map((m) => ({
      metric: m.metric,
      anchor: m.anchor satisfies PreviewAnchor,
      ...(m.anchor === 'cycle_start' ? { note: ANCHOR_NOTES[m.metric] ?? 'shown as if a cycle started at start' } : {}),
      target: formatDuration(m.targetMs),
      target_ms: m.targetMs,
      calendar: m.calendarId,
      zone: m.zone,
      due_at: isoOrNull(m.dueAt),
      due_local: local(m.dueAt, m.zone),
      alerts: m.alerts.map((a) => ({
        key: a.alert.key,
        at: describeAlertAt(a.alert.at),
        after: formatDuration(a.thresholdMs),
        after_ms: a.thresholdMs,
        due_at: isoOrNull(a.at),
        due_local: local(a.at, m.zone),
        notify: a.alert.notify.map((n) => [n.slack, ...n.mention].join(' ')),
        ...(a.alert.writeBack !== undefined ? { write_back: a.alert.writeBack } : {}),
      })),
      skipped_alerts: m.skipped.map((s) => ({ key: s.alert.key, at: describeAlertAt(s.alert.at), reason: s.reason })),
    })),
  };
}

/** What `previewJson` returns. */
export type PreviewJson = ReturnType<typeof previewJson>;
