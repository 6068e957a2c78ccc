/**
 * A policy's `targets`: severity id → metric → business-time target on a calendar (the
 * severity entry's own `calendar`, e.g. 24x7 for sev1, or the policy's).
 */
import { METRICS, type Metric, type MetricTarget } from '../sla/rules.js';
import type { PathSegment } from './config-path.js';
import { targetSchema } from './config-schema.js';
import { didYouMean } from './did-you-mean.js';
import type { IssueList } from './issue-list.js';

const TARGET_HELP = `a map of metric → duration (${METRICS.join(', ')}), e.g. { first_response: 1h, resolution: 8h }`;

export interface TargetContext {
  issues: IssueList;
  severityIds: readonly string[];
  calendarIds: ReadonlySet<string>;
  /** The policy's calendar, when it is valid. */
  policyCalendar: string | undefined;
}

export type CompiledTargets = Record<string, Partial<Record<Metric, MetricTarget>>>;

/** Compiles the targets map at `path`; problems go to `ctx.issues`. */
export function compileTargets(raw: Record<string, unknown>, path: readonly PathSegment[], ctx: TargetContext): CompiledTargets {
  const out: CompiledTargets = {};
  for (const [severityId, entry] of Object.entries(raw)) {
    const at = [...path, severityId];
    const problemsBefore = ctx.issues.items.length;
    if (!ctx.severityIds.includes(severityId)) {
      ctx.issues.add(at, `unknown severity "${severityId}"${didYouMean(severityId, ctx.severityIds)}; targets are keyed by the ids under severities: ${ctx.severityIds.join(', ')}`);
    }
    const parsed = ctx.issues.parseFields(targetSchema.shape, entry, at, TARGET_HELP);
    if (parsed === undefined) continue;
    if (parsed.calendar !== undefined && !ctx.calendarIds.has(parsed.calendar)) {
      ctx.issues.add([...at, 'calendar'], unknownCalendar(parsed.calendar, ctx.calendarIds));
    }
    const metrics: Partial<Record<Metric, MetricTarget>> = {};
    const calendarId = parsed.calendar ?? ctx.policyCalendar;
    for (const metric of METRICS) {
      const targetMs = parsed[metric];
      if (targetMs !== undefined && calendarId !== undefined) metrics[metric] = { targetMs, calendarId };
    }
    // Judge by what is written: a metric with a bad duration was already reported.
    const written = entry as Record<string, unknown>;
    if (METRICS.every((m) => written[m] === undefined)) {
      ctx.issues.add(at, `give at least one target (${METRICS.join(', ')}), e.g. { first_response: 1h, resolution: 8h }; leave the severity out for no timers`);
    }
    if (calendarId !== undefined && ctx.issues.items.length === problemsBefore) out[severityId] = metrics;
  }
  return out;
}

/** `unknown calendar "x" (did you mean "y"?); defined calendars: a, b`. */
export function unknownCalendar(id: string, known: ReadonlySet<string>): string {
  return `unknown calendar "${id}"${didYouMean(id, known)}; defined calendars: ${[...known].join(', ') || '(none)'}`;
}
