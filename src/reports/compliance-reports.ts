/**
 * Answers compliance report queries: reads the day and month aggregates that cover the range
 * (whole months from month aggregates, the edges from days), folds in the outcome records not
 * compacted yet, so a report is never behind, counts open breaches from the active tickets,
 * and computes service credits. Talks to storage through the two small ports below.
 */
import type { OutcomeRecord } from '../sla/outcomes.js';
import type { SlaRules } from '../sla/rules.js';
import type { TicketState } from '../sla/state.js';
import type { StoredRow } from './aggregate-codec.js';
import { complianceRows, groupOrder, mttrRows, PRECISION_NOTE, type ComplianceReport, type GroupBy } from './compliance-report.js';
import type { Dimension } from './dimensions.js';
import { countOpenPastDue, soonestDue } from './open-past-due.js';
import { dayKey, dayNumber, isoWeek, monthKey, monthsTouched, planRange } from './periods.js';
import { addRecord, addRows, type Totals, type TotalsTable } from './report-totals.js';
import { serviceCredits } from './service-credits.js';

/** Stored aggregates by period key (`2026-11` or `2026-11-24`) and dimension, plus the records after them. */
export interface ReportSnapshot {
  cells: Map<string, Map<Dimension, StoredRow[]>>;
  /** Outcome records not yet folded into the stored aggregates, oldest first. */
  tail: OutcomeRecord[];
}

/** Where aggregates come from (the report store). */
export interface ReportSource {
  /** The requested dimensions of each period, and the tail, as of one instant. */
  snapshot(request: ReadonlyMap<string, readonly Dimension[]>): Promise<ReportSnapshot>;
}

/** Tickets with a running timer, soonest due first (the ticket store's active index). */
export interface ActiveTickets {
  active(limit: number, offset: number): Promise<TicketState[]>;
}

export interface ComplianceQuery {
  /** First and last UTC day numbers, inclusive. */
  from: number;
  to: number;
  groupBy: GroupBy;
}

export interface ComplianceReportsDeps {
  source: ReportSource;
  tickets: ActiveTickets;
  rules: () => SlaRules;
  clock: () => number;
}

const PAGE = 500;
/** Open-past-due scan stops here: beyond it the number is a floor (and the backlog is the news). */
const MAX_ACTIVE_SCANNED = 100_000;

export class ComplianceReports {
  constructor(private readonly deps: ComplianceReportsDeps) {}

  async compliance(query: ComplianceQuery): Promise<ComplianceReport> {
    const { from, to, groupBy } = query;
    const rules = this.deps.rules();
    const now = this.deps.clock();
    const plan = planRange(from, to);
    const weekly = groupBy === 'week';
    const dimension: Dimension = groupBy === 'metric' || weekly ? 'all' : groupBy;
    const creditMonths = rules.policies.some((p) => p.credits !== undefined) ? monthsTouched(from, to) : [];

    // The grouping dimension (unless per week, read per day below) and severity, for MTTR.
    const rangeDims: Dimension[] = weekly ? ['severity'] : [...new Set<Dimension>([dimension, 'severity'])];
    const request = new Map<string, Dimension[]>();
    const want = (period: string, dims: Dimension[]) => request.set(period, [...new Set([...(request.get(period) ?? []), ...dims])]);
    for (const period of [...plan.months, ...plan.days]) want(period, rangeDims);
    if (weekly) for (let d = from; d <= to; d++) want(dayKey(d), ['all']);
    for (const month of creditMonths) want(month, ['policy_org']);

    const [snapshot, active] = await Promise.all([this.deps.source.snapshot(request), this.activePastDue(rules, now)]);

    const range: TotalsTable = new Map();
    const weeks: TotalsTable = new Map();
    for (const period of [...plan.months, ...plan.days]) {
      const stored = snapshot.cells.get(period);
      for (const dim of rangeDims) addRows(range, dim, stored?.get(dim));
    }
    // Each day's 'all' cells under its ISO week.
    if (weekly) for (let d = from; d <= to; d++) addRows(weeks, 'all', snapshot.cells.get(dayKey(d))?.get('all'), isoWeek(d));
    const credits = new Map<string, TotalsTable>(creditMonths.map((m) => [m, new Map()]));
    for (const month of creditMonths) addRows(credits.get(month)!, 'policy_org', snapshot.cells.get(month)?.get('policy_org'));

    for (const record of snapshot.tail) {
      const day = dayNumber(record.endedAt);
      if (day >= from && day <= to) {
        addRecord(range, record, rangeDims);
        if (weekly) addRecord(weeks, record, ['all'], isoWeek(day));
      }
      const month = credits.get(monthKey(day));
      if (month !== undefined) addRecord(month, record, ['policy_org']);
    }

    const open = countOpenPastDue(active, rules, now, from, to, groupBy);
    const cells: Totals[] = [...((weekly ? weeks : range).get(weekly ? 'all' : dimension)?.values() ?? [])];
    return {
      from: dayKey(from),
      to: dayKey(to),
      group_by: groupBy,
      generated_at: new Date(now).toISOString(),
      precision: PRECISION_NOTE,
      rows: complianceRows(cells, open, groupOrder(groupBy, rules)),
      mttr: mttrRows(range.get('severity')?.values() ?? [], rules),
      credits: serviceCredits(rules, credits, dayNumber(now)),
    };
  }

  /** Tickets with a timer past due: the prefix of the active index whose soonest due instant has passed. */
  private async activePastDue(rules: SlaRules, now: number): Promise<TicketState[]> {
    const out: TicketState[] = [];
    for (let offset = 0; offset < MAX_ACTIVE_SCANNED; offset += PAGE) {
      const page = await this.deps.tickets.active(PAGE, offset);
      for (const s of page) {
        if (soonestDue(s, rules, now) > now) return out;
        out.push(s);
      }
      if (page.length < PAGE) break;
    }
    return out;
  }
}

