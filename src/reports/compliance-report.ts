/**
 * The compliance report's shape (the JSON body of `GET /api/reports/compliance`) and the pure
 * step from aggregated cells to its rows. Durations are business seconds unless named wall.
 */
import { METRICS, type Metric, type SlaRules } from '../sla/rules.js';
import { cellKey } from './aggregate.js';
import { NONE } from './dimensions.js';
import type { Totals } from './report-totals.js';

export const GROUP_BYS = ['metric', 'severity', 'policy', 'group', 'assignee', 'organization', 'source', 'week'] as const;
/** What the rows are grouped by (besides the metric). */
export type GroupBy = (typeof GROUP_BYS)[number];

/** What the report says about its own precision: the README and the API docs repeat it. */
export const PRECISION_NOTE =
  'median_seconds and p90_seconds are within ±2% (durations are counted in log buckets 2% wide) and given to 3 significant figures; counts, means and totals are exact';

/** One (group, metric) line. */
export interface ComplianceRow {
  /** The group's value: null when the tickets had none (no group, no assignee…); `all` for group_by=metric. */
  group: string | null;
  metric: Metric;
  /** Achieved within target. */
  met: number;
  /** Achieved late (`breached_achieved`). */
  breached: number;
  cancelled: number;
  /** Breached timers still running now that started in the range. */
  open_past_due: number;
  /** met / (met + breached), in percent with one decimal; null when neither. */
  percent_met: number | null;
  median_seconds: number | null;
  p90_seconds: number | null;
  mean_seconds: number | null;
  overdue_total_seconds: number;
  /** Mean business time past the target of the late ones. */
  overdue_mean_seconds: number | null;
}

/** Mean time to resolution for one severity. */
export interface MttrRow {
  severity: string;
  resolved: number;
  mean_business_seconds: number | null;
  mean_wall_seconds: number | null;
}

/** A service credit owed to an organization for a period, under one policy's terms. */
export interface CreditRow {
  organization: string;
  policy: string;
  /** `2026-11`. */
  period: string;
  breaches: number;
  credit_percent: number;
  /** False while the period is still running: the credit may still grow. */
  period_complete: boolean;
}

export interface ComplianceReport {
  /** First and last UTC day, inclusive. */
  from: string;
  to: string;
  group_by: GroupBy;
  generated_at: string;
  precision: string;
  rows: ComplianceRow[];
  mttr: MttrRow[];
  credits: CreditRow[];
}

/** Business seconds with millisecond precision. */
export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** A duration known within ±1% (a bucket's middle), as seconds to 3 significant figures: no false precision. */
function approximateSeconds(ms: number): number {
  return Number((ms / 1000).toPrecision(3));
}

/** Rows from the cells of the grouping dimension and the open-past-due counts (by cell key). */
export function complianceRows(cells: Iterable<Totals>, openPastDue: ReadonlyMap<string, number>, compareGroups: (a: string, b: string) => number): ComplianceRow[] {
  const byKey = new Map<string, { value: string; metric: Metric; cell: Totals | undefined }>();
  for (const cell of cells) byKey.set(cellKey(cell.value, cell.metric), { value: cell.value, metric: cell.metric, cell });
  for (const key of openPastDue.keys()) {
    if (byKey.has(key)) continue;
    const [metric, value] = key.split('\u0000') as [Metric, string];
    byKey.set(key, { value, metric, cell: undefined });
  }
  const rows = [...byKey.entries()].map(([key, { value, metric, cell }]) => row(value, metric, cell, openPastDue.get(key) ?? 0));
  const metricOrder = (m: Metric) => METRICS.indexOf(m);
  return rows
    .filter((r) => r.met + r.breached + r.cancelled + r.open_past_due !== 0)
    .sort((a, b) => compareGroups(a.group ?? NONE, b.group ?? NONE) || metricOrder(a.metric) - metricOrder(b.metric));
}

function row(value: string, metric: Metric, cell: Totals | undefined, open: number): ComplianceRow {
  const met = cell?.met ?? 0;
  const late = cell?.late ?? 0;
  const achieved = met + late;
  const q = (p: number) => (cell === undefined ? null : cell.hist.quantile(p));
  const median = q(0.5);
  const p90 = q(0.9);
  return {
    group: value === NONE ? null : value,
    metric,
    met,
    breached: late,
    cancelled: cell?.cancelled ?? 0,
    open_past_due: open,
    percent_met: achieved > 0 ? Math.round((1000 * met) / achieved) / 10 : null,
    median_seconds: median === null ? null : approximateSeconds(median),
    p90_seconds: p90 === null ? null : approximateSeconds(p90),
    mean_seconds: achieved > 0 ? seconds(cell!.businessMs / achieved) : null,
    overdue_total_seconds: seconds(cell?.overdueMs ?? 0),
    overdue_mean_seconds: late > 0 ? seconds(cell!.overdueMs / late) : null,
  };
}

/** MTTR per severity from the severity dimension's resolution cells, most severe first. */
export function mttrRows(severityCells: Iterable<Totals>, rules: SlaRules): MttrRow[] {
  const rows: MttrRow[] = [];
  for (const cell of severityCells) {
    if (cell.metric !== 'resolution') continue;
    const resolved = cell.met + cell.late;
    if (resolved <= 0) continue;
    rows.push({ severity: cell.value, resolved, mean_business_seconds: seconds(cell.businessMs / resolved), mean_wall_seconds: seconds(cell.wallMs / resolved) });
  }
  const order = groupOrder('severity', rules);
  return rows.sort((a, b) => order(a.severity, b.severity));
}

/**
 * How group values sort: severities and policies in config order (unknown ones after, by
 * name), weeks and other values by name, "none" last.
 */
export function groupOrder(groupBy: GroupBy, rules: SlaRules): (a: string, b: string) => number {
  const listed = groupBy === 'severity' ? rules.severities.map((s) => s.id) : groupBy === 'policy' ? rules.policies.map((p) => p.id) : [];
  const rank = (v: string) => (v === NONE ? Number.MAX_SAFE_INTEGER : listed.includes(v) ? listed.indexOf(v) : listed.length);
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
