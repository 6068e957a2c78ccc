/**
 * A policy's optional `credits` block: service credits owed to an organization when the
 * policy's timers breach, e.g. `{ per_breach: 5%, cap: 25%, period: month, metrics: [resolution] }`.
 */
import { z } from 'zod';
import { METRICS, type CreditTerms, type Metric, type MetricTarget } from '../sla/rules.js';
import type { PathSegment } from './config-path.js';
import { describeValue, expecting } from './config-schema.js';
import type { IssueList } from './issue-list.js';

const PERCENT_RE = /^(\d+(?:\.\d+)?)\s*%$/;

/** A percentage written with its sign, more than 0% and at most 100%, as a number (5% → 5). */
const percent = (what: string) =>
  z.unknown().transform((v, ctx): number => {
    const fail = (message: string) => (ctx.addIssue({ code: 'custom', message, input: v }), z.NEVER);
    if (v === undefined) return fail(`required: ${what}, e.g. 5%`);
    if (typeof v === 'number') return fail(`${v} has no unit; write ${v}%`);
    const m = typeof v === 'string' ? PERCENT_RE.exec(v.trim()) : null;
    if (m === null) return fail(`got ${describeValue(v)}; expected ${what} such as 5% or 2.5%`);
    const n = Number(m[1]);
    return n > 0 && n <= 100 ? n : fail(`${v} is out of range; give more than 0% and at most 100%`);
  });

export const creditsFields = {
  per_breach: percent('the credit per breach'),
  cap: percent('the most credit per period'),
  period: z.enum(['month'], expecting('month (credits are counted per calendar month, UTC); no other period is supported yet')),
  metrics: z
    .array(z.enum(METRICS, expecting(`a metric: ${METRICS.join(', ')}`)), expecting(`a list of metrics: ${METRICS.join(', ')}`))
    .min(1, 'an empty list counts no breach; list metrics or leave the key out (all metrics count)')
    .optional(),
};

const CREDITS_HELP = 'a map { per_breach: 5%, cap: 25%, period: month, metrics?: [resolution] }';

export interface CreditsContext {
  issues: IssueList;
  warnings: IssueList;
  label: string;
  /** The policy's compiled targets, to warn about metrics it never times. */
  targets: Record<string, Partial<Record<Metric, MetricTarget>>>;
}

/** Checks and compiles a policy's `credits`; undefined when it has problems (added to the context). */
export function compileCredits(raw: unknown, path: readonly PathSegment[], ctx: CreditsContext): CreditTerms | undefined {
  const before = ctx.issues.items.length;
  const c = ctx.issues.parseFields(creditsFields, raw, path, CREDITS_HELP);
  if (c === undefined || ctx.issues.items.length > before || c.per_breach === undefined || c.cap === undefined || c.period === undefined) return undefined;
  if (c.cap < c.per_breach) {
    ctx.warnings.add([...path, 'cap'], `cap ${c.cap}% is below per_breach ${c.per_breach}%: the first breach already reaches the cap; raise cap or lower per_breach`);
  }
  const timed = new Set(Object.values(ctx.targets).flatMap((m) => Object.keys(m)));
  c.metrics?.forEach((metric, i) => {
    if (!timed.has(metric)) ctx.warnings.add([...path, 'metrics', i], `${ctx.label} has no ${metric} target, so ${metric} breaches never earn credits; add a target or remove the metric`);
  });
  return { perBreachPercent: c.per_breach, capPercent: c.cap, period: c.period, ...(c.metrics ? { metrics: [...new Set(c.metrics)] } : {}) };
}
