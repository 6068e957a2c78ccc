/**
 * A policy's `alerts`: when each fires (canonical key), whom it notifies, which timers it
 * covers. Two alerts at the same point would share a key, and keys name fired alerts in
 * stored state, so they must differ.
 */
import { isBreachOrLater, type AlertRule, type Metric, type MetricTarget, type NotifyTarget, type WriteBackKind } from '../sla/rules.js';
import type { PathSegment } from './config-path.js';
import { alertKey, describeAlertAt } from './alert-at.js';
import { unknownCalendar } from './compile-targets.js';
import { alertSchema, slackTargetSchema, ticketTargetSchema } from './config-schema.js';
import { didYouMean } from './did-you-mean.js';
import type { IssueList } from './issue-list.js';

export interface AlertContext {
  issues: IssueList;
  warnings: IssueList;
  policyId: string;
  severityIds: readonly string[];
  /** The policy's compiled targets, to spot alerts that would fire the moment a timer starts. */
  targets: Record<string, Partial<Record<Metric, MetricTarget>>>;
  /** Calendars a route's `quiet_hours` may name. */
  calendarIds: ReadonlySet<string>;
}

/** Compiles a policy's alert list at `path`; problems go to the context's lists. */
export function compileAlerts(raw: unknown[], path: readonly PathSegment[], ctx: AlertContext): AlertRule[] {
  const rules: AlertRule[] = [];
  const byKey = new Map<string, number>();
  raw.forEach((item, i) => {
    const at = [...path, i];
    const problemsBefore = ctx.issues.items.length;
    const parsed = ctx.issues.parseFields(alertSchema.shape, item, at, 'an alert { at, notify, metrics?, severities?, repeat?, critical? }');
    if (parsed === undefined) return;
    parsed.severities?.forEach((id, j) => {
      if (ctx.severityIds.includes(id)) return;
      ctx.issues.add([...at, 'severities', j], `unknown severity "${id}"${didYouMean(id, ctx.severityIds)}; severities are ${ctx.severityIds.join(', ')}`);
    });
    if (parsed.at === undefined) return;
    const key = alertKey(parsed.at);
    const same = byKey.get(key);
    if (same !== undefined) {
      ctx.issues.add(
        [...at, 'at'],
        `fires at the same point as alerts[${same}] (${describeAlertAt(parsed.at)}); merge their notify lists into one alert (use metrics/severities on a single alert to narrow it)`,
      );
      return;
    }
    byKey.set(key, i);
    if (parsed.repeat !== undefined && !isBreachOrLater(parsed.at)) {
      ctx.issues.add(
        [...at, 'repeat'],
        `repeat is only for "breach" and "<duration> after breach" alerts (this one fires at ${describeAlertAt(parsed.at)}, before the breach); move repeat to the breach alert or remove it`,
      );
    }
    if (parsed.notify === undefined) return;
    const { notify, writeBack } = compileTargets(parsed.notify, [...at, 'notify'], ctx);
    if (ctx.issues.items.length > problemsBefore) return;
    const rule: AlertRule = { key, at: parsed.at, notify };
    if (writeBack.length > 0) rule.writeBack = writeBack;
    if (parsed.metrics) rule.metrics = [...new Set(parsed.metrics)];
    if (parsed.severities) rule.severities = [...new Set(parsed.severities)];
    if (parsed.repeat?.every !== undefined && parsed.repeat.times !== undefined) rule.repeat = { everyMs: parsed.repeat.every, times: parsed.repeat.times };
    if (parsed.critical !== undefined) rule.critical = parsed.critical;
    warnIfImmediate(rule, at, ctx);
    rules.push(rule);
  });
  return rules;
}

/** A notify list: `{ ticket: … }` entries are write-backs, every other entry a Slack target. */
function compileTargets(raw: unknown[], path: readonly PathSegment[], ctx: AlertContext): { notify: NotifyTarget[]; writeBack: WriteBackKind[] } {
  const notify: NotifyTarget[] = [];
  const writeBack = new Set<WriteBackKind>();
  raw.forEach((entry, j) => {
    if (typeof entry === 'object' && entry !== null && 'ticket' in entry) {
      const t = ctx.issues.parseFields(ticketTargetSchema.shape, entry, [...path, j], 'a target { ticket: note | due_field }');
      if (t?.ticket !== undefined) writeBack.add(t.ticket);
      return;
    }
    const t = ctx.issues.parseFields(slackTargetSchema.shape, entry, [...path, j], 'a target { slack: "#channel", mention?: [...], quiet_hours?: { calendar } } or { ticket: note | due_field }');
    const quiet = t?.quiet_hours?.calendar;
    if (quiet !== undefined && !ctx.calendarIds.has(quiet)) ctx.issues.add([...path, j, 'quiet_hours', 'calendar'], unknownCalendar(quiet, ctx.calendarIds));
    if (t?.slack !== undefined) notify.push({ slack: t.slack, mention: t.mention ?? [], ...(quiet === undefined ? {} : { quietCalendarId: quiet }) });
  });
  return { notify, writeBack: [...writeBack] };
}

/**
 * `15m before` on a target of 15m or less would fire as the clock starts, so the core skips
 * it for such timers; warn, since the author probably expected it to fire.
 */
function warnIfImmediate(rule: AlertRule, path: readonly PathSegment[], ctx: AlertContext): void {
  if (rule.at.kind !== 'before') return;
  const lead = rule.at.ms;
  const hits: string[] = [];
  for (const [severity, metrics] of Object.entries(ctx.targets)) {
    if (rule.severities && !rule.severities.includes(severity)) continue;
    for (const [metric, target] of Object.entries(metrics) as Array<[Metric, MetricTarget]>) {
      if (rule.metrics && !rule.metrics.includes(metric)) continue;
      if (target.targetMs <= lead) hits.push(`${severity}.${metric}`);
    }
  }
  if (hits.length > 0) {
    ctx.warnings.add(
      path,
      `"${describeAlertAt(rule.at)}" is not shorter than the target of ${hits.join(', ')} in policy "${ctx.policyId}", so it never fires for those timers (it would fire as they start); use a percentage (e.g. 75%) or narrow it with metrics/severities`,
    );
  }
}
