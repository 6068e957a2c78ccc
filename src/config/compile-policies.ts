/**
 * The `policies` section: ordered, first match wins. Each policy is checked field by field,
 * so a bad `match` does not hide a bad target, and cross-checked against the calendars and
 * severities of the file.
 */
import type { z } from 'zod';
import type { TicketStatus } from '../events.js';
import type { PolicyMatch, PolicyRule } from '../sla/rules.js';
import { compileAlerts } from './compile-alerts.js';
import { compileCredits } from './compile-credits.js';
import { compileTargets, unknownCalendar } from './compile-targets.js';
import { policyFields, type matchSchema } from './config-schema.js';
import { didYouMean } from './did-you-mean.js';
import type { IssueList } from './issue-list.js';

export interface PolicyContext {
  issues: IssueList;
  warnings: IssueList;
  severityIds: readonly string[];
  calendarIds: ReadonlySet<string>;
}

const POLICY_HELP = 'a policy { id, match?, calendar, pause_on?, on_reopen?, targets, alerts?, credits? }';

/** Checks and compiles the policies, in order; problems and warnings go to the context's lists. */
export function compilePolicies(raw: unknown[], ctx: PolicyContext): PolicyRule[] {
  const { issues, warnings } = ctx;
  const rules: PolicyRule[] = [];
  const firstIndex = new Map<string, number>();
  let catchAll: string | undefined;
  if (raw.length === 0) issues.add(['policies'], 'define at least one policy; a policy without match applies to every ticket');
  raw.forEach((item, i) => {
    const path = ['policies', i];
    const problemsBefore = issues.items.length;
    const p = issues.parseFields(policyFields, item, path, POLICY_HELP);
    if (p === undefined) return;
    const label = p.id === undefined ? `policies[${i}]` : `policy "${p.id}"`;
    if (p.id !== undefined) {
      const seen = firstIndex.get(p.id);
      if (seen !== undefined) issues.add([...path, 'id'], `"${p.id}" is already the id of policies[${seen}]; give each policy its own id`);
      else firstIndex.set(p.id, i);
    }
    if (p.calendar !== undefined && !ctx.calendarIds.has(p.calendar)) {
      issues.add([...path, 'calendar'], unknownCalendar(p.calendar, ctx.calendarIds));
    }
    p.match?.severity?.forEach((id, j) => {
      if (!ctx.severityIds.includes(id)) {
        issues.add([...path, 'match', 'severity', j], `unknown severity "${id}"${didYouMean(id, ctx.severityIds)}; severities are ${ctx.severityIds.join(', ')}`);
      }
    });
    const policyCalendar = p.calendar !== undefined && ctx.calendarIds.has(p.calendar) ? p.calendar : undefined;
    const targets = p.targets === undefined ? {} : compileTargets(p.targets, [...path, 'targets'], { ...ctx, policyCalendar });
    const alerts = compileAlerts(p.alerts ?? [], [...path, 'alerts'], { ...ctx, policyId: p.id ?? `policies[${i}]`, targets });
    const credits = p.credits === undefined ? undefined : compileCredits(p.credits, [...path, 'credits'], { ...ctx, label, targets });
    const match = compileMatch(p.match ?? {});

    // A match that was written but is broken is not "match everything".
    const matchWritten = (item as Record<string, unknown>)['match'] !== undefined;
    if (catchAll !== undefined) {
      warnings.add(path, `${label} comes after policy "${catchAll}", which matches every ticket, so it never applies; move it above "${catchAll}" or give "${catchAll}" a match`);
    } else if (Object.keys(match).length === 0 && (!matchWritten || p.match !== undefined)) {
      catchAll = p.id ?? `policies[${i}]`;
    }
    if (p.targets !== undefined) {
      const targeted = p.targets;
      const missing = (p.match?.severity ?? ctx.severityIds).filter((s) => ctx.severityIds.includes(s) && !Object.hasOwn(targeted, s));
      if (missing.length > 0) {
        const those = missing.length === 1 ? 'that severity' : 'those severities';
        warnings.add([...path, 'targets'], `${label} has no targets for ${missing.join(', ')}: tickets of ${those} under it get no timers`);
      }
    }
    if (issues.items.length > problemsBefore || p.id === undefined || p.calendar === undefined) return;
    rules.push({
      id: p.id,
      match,
      calendarId: p.calendar,
      pauseOn: [...new Set<TicketStatus>(p.pause_on ?? [])],
      onReopen: p.on_reopen ?? 'resume',
      targets,
      alerts,
      ...(credits ? { credits } : {}),
    });
  });
  if (raw.length > 0 && catchAll === undefined) {
    warnings.add(['policies'], 'no policy matches every ticket: a ticket that matches none gets no timers; end the list with a policy without match if that is not intended');
  }
  return rules;
}

/** The config's snake_case conditions as the domain's `PolicyMatch`; absent conditions stay absent. */
function compileMatch(m: z.output<typeof matchSchema>): PolicyMatch {
  const out: PolicyMatch = {};
  if (m.tags_any) out.tagsAny = m.tags_any;
  if (m.tags_all) out.tagsAll = m.tags_all;
  if (m.organization) out.organization = m.organization;
  if (m.group) out.group = m.group;
  if (m.source) out.source = m.source;
  if (m.priority) out.priority = m.priority;
  if (m.severity) out.severity = m.severity;
  if (m.fields) out.fields = m.fields;
  return out;
}
