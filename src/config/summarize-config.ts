/**
 * A short, human summary of a loaded config (what `sla-timer check-config` prints): what the
 * service will do, in the words of the file, so a reviewer can check intent, not syntax.
 */
import { createCalendar, formatDuration, type CalendarSpec } from '../clock/index.js';
import { METRICS, type AlertRule, type ApplyChanges, type PolicyMatch, type PolicyRule } from '../sla/rules.js';
import { describeAlertAt } from './alert-at.js';
import type { LoadedConfig } from './load-config.js';

/** Monday 2024-01-01T00:00Z: a reference week in UTC, free of DST changes. */
const REFERENCE_MONDAY = Date.UTC(2024, 0, 1);
const WEEK_MS = 7 * 86_400_000;

const MATCH_NAMES: Record<keyof PolicyMatch, string> = {
  tagsAny: 'tags_any',
  tagsAll: 'tags_all',
  organization: 'organization',
  group: 'group',
  source: 'source',
  priority: 'priority',
  severity: 'severity',
  fields: 'fields',
};

/** The summary as lines of text. */
export function summarizeConfig(config: LoadedConfig): string[] {
  const { rules } = config;
  const out: string[] = [`${config.file}: OK${rules.version === null ? '' : ` (version ${rules.version})`}`, `apply_changes: ${describeApplyChanges(rules.applyChanges ?? 'new_tickets')}`, '', 'calendars'];
  const calendarRows = [...rules.calendars].map(([id, entry]) => {
    const spec = config.calendarSpecs.get(id);
    return [id, entry.zone, spec === undefined ? '' : describeWeek(spec)];
  });
  out.push(...columns(calendarRows), '', 'severities (most severe first)');
  const severityRows = rules.severities.map((s) => {
    const from = [
      s.from.priority && `priority ${s.from.priority.join(', ')}`,
      s.from.tagsAny && `tags ${s.from.tagsAny.join(', ')}`,
      s.from.fields && Object.entries(s.from.fields).map(([k, v]) => `fields.${k} ${v.join(', ')}`).join('; '),
    ].filter(Boolean);
    return [s.id, s.name, s.isDefault ? 'default' : from.length > 0 ? `from ${from.join('; ')}` : ''];
  });
  out.push(...columns(severityRows));
  out.push('', 'policies (first match wins)');
  for (const p of rules.policies) out.push(...describePolicy(p));
  if (config.warnings.length > 0) out.push('', 'warnings', ...config.warnings.map((w) => `  ${w}`));
  return out;
}

function describeApplyChanges(mode: ApplyChanges): string {
  return mode === 'all_tickets'
    ? 'all_tickets (running timers move to these targets at their next event or checkpoint)'
    : 'new_tickets (running timers keep their targets; new tickets and new cycles use these)';
}

/** Rows as lines with aligned columns, indented by two spaces. */
function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

function describeWeek(spec: CalendarSpec): string {
  // Measured on the weekly hours alone, in UTC: the nominal week, not one bent by DST or a holiday.
  const weekly = createCalendar({ timezone: 'UTC', hours: spec.hours });
  const hours = weekly.businessTimeBetween(REFERENCE_MONDAY, REFERENCE_MONDAY + WEEK_MS) / 3_600_000;
  const holidays = spec.holidays?.length ?? 0;
  const parts = [`${Number(hours.toFixed(2))}h open a week${spec.hours === '24x7' ? ' (24x7)' : ''}`];
  if (holidays > 0) parts.push(`${holidays} ${holidays === 1 ? 'holiday' : 'holidays'}`);
  return parts.join(', ');
}

function describePolicy(p: PolicyRule): string[] {
  const lines = [`  ${p.id}`, `    match      ${describeMatch(p.match)}`, `    calendar   ${p.calendarId}`];
  lines.push(`    pause_on   ${p.pauseOn.length > 0 ? p.pauseOn.join(', ') : '(never)'}`, `    on_reopen  ${p.onReopen}`, '    targets');
  const severities = Object.keys(p.targets);
  if (severities.length === 0) lines.push('      (none: matching tickets get no timers)');
  for (const severity of severities) {
    const metrics = p.targets[severity] ?? {};
    const parts = METRICS.flatMap((m) => {
      const t = metrics[m];
      return t === undefined ? [] : [`${m} ${formatDuration(t.targetMs)}`];
    });
    const calendars = new Set(Object.values(metrics).map((t) => t.calendarId));
    const other = [...calendars].filter((c) => c !== p.calendarId);
    lines.push(`      ${severity}: ${parts.join(', ')}${other.length > 0 ? `  (calendar ${other.join(', ')})` : ''}`);
  }
  if (p.alerts.length > 0) lines.push('    alerts', ...p.alerts.map((a) => `      ${describeAlert(a)}`));
  if (p.credits) {
    const c = p.credits;
    lines.push(`    credits    ${c.perBreachPercent}% per breach${c.metrics ? ` of ${c.metrics.join(', ')}` : ''}, at most ${c.capPercent}% a ${c.period}, per organization`);
  }
  return lines;
}

function describeMatch(m: PolicyMatch): string {
  const parts = (Object.keys(MATCH_NAMES) as Array<keyof PolicyMatch>).flatMap((k) => {
    const v = m[k];
    if (v === undefined) return [];
    if (Array.isArray(v)) return [`${MATCH_NAMES[k]}: ${v.join(', ')}`];
    return Object.entries(v).map(([field, values]) => `fields.${field}: ${values.join(', ')}`);
  });
  return parts.length > 0 ? parts.join('; ') : 'every ticket';
}

function describeAlert(a: AlertRule): string {
  const to = a.notify.map((n) => [n.slack, ...n.mention, ...(n.quietCalendarId ? [`(quiet outside ${n.quietCalendarId})`] : [])].join(' ')).join(', ');
  const only = [a.severities?.join(', '), a.metrics?.join(', ')].filter(Boolean);
  const extras = [
    ...(a.repeat ? [`repeats every ${formatDuration(a.repeat.everyMs)} ×${a.repeat.times}`] : []),
    ...(a.critical === undefined ? [] : [a.critical ? 'critical' : 'not critical']),
  ];
  return `${describeAlertAt(a.at)} → ${to}${extras.length > 0 ? `; ${extras.join(', ')}` : ''}${only.length > 0 ? `  (only ${only.join('; ')})` : ''}`;
}
