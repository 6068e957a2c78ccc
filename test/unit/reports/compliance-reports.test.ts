/**
 * The compliance report from aggregates, with an in-memory source: hand-computed numbers, the
 * un-compacted tail, which aggregates a range reads, weeks, open breaches and credits.
 */
import { describe, expect, it } from 'vitest';
import { emptyAggregate, foldRecord, type Aggregate } from '../../../src/reports/aggregate.js';
import { decodeRows, encodeCells, type StoredRow } from '../../../src/reports/aggregate-codec.js';
import type { ComplianceReport, ComplianceRow } from '../../../src/reports/compliance-report.js';
import { ComplianceReports, type ReportSnapshot, type ReportSource } from '../../../src/reports/compliance-reports.js';
import type { Dimension } from '../../../src/reports/dimensions.js';
import { dayKey, dayNumber, monthKey, parseDay } from '../../../src/reports/periods.js';
import { apply, type TicketState } from '../../../src/sla/index.js';
import type { OutcomeRecord } from '../../../src/sla/outcomes.js';
import { MINUTE, outcome } from '../../support/outcome-fixtures.js';
import { policyFixture, rulesFixture, targets, ticketEvent } from '../../support/sla-fixtures.js';

const HOUR = 60 * MINUTE;
const rules = rulesFixture({
  policies: [
    policyFixture({ id: 'enterprise', match: { tagsAny: ['enterprise'] }, credits: { perBreachPercent: 5, capPercent: 12, period: 'month', metrics: ['resolution'] } }),
    policyFixture({ id: 'standard', calendarId: 'always', targets: { sev3: targets({ first_response: '1h', resolution: '8h' }, 'always') } }),
  ],
});

/** Stores records as the compactor would (day and month aggregates); `tail` records stay un-compacted. */
class MemorySource implements ReportSource {
  readonly periods = new Map<string, Aggregate>();
  readonly requests: Array<Map<string, readonly Dimension[]>> = [];
  tail: OutcomeRecord[] = [];
  store(...records: OutcomeRecord[]): this {
    for (const r of records) {
      const day = dayNumber(r.endedAt);
      for (const period of [dayKey(day), monthKey(day)]) {
        if (!this.periods.has(period)) this.periods.set(period, emptyAggregate());
        foldRecord(this.periods.get(period)!, r);
      }
    }
    return this;
  }
  async snapshot(request: ReadonlyMap<string, readonly Dimension[]>): Promise<ReportSnapshot> {
    this.requests.push(new Map(request));
    // Through the stored encoding, as the report store reads them.
    const cells = new Map<string, Map<Dimension, StoredRow[]>>();
    for (const [period, dims] of request) {
      const agg = this.periods.get(period);
      cells.set(period, new Map(dims.flatMap((d) => (agg?.get(d) ? [[d, decodeRows(encodeCells(agg.get(d)!.values()))] as [Dimension, StoredRow[]]] : []))));
    }
    return { cells, tail: this.tail };
  }
}

function reports(source: ReportSource, active: TicketState[] = [], now = '2026-12-05T12:00:00Z') {
  return new ComplianceReports({ source, tickets: { active: async (limit, offset) => active.slice(offset, offset + limit) }, rules: () => rules, clock: () => Date.parse(now) });
}

const query = (from: string, to: string, groupBy: ComplianceReport['group_by']) => ({ from: parseDay(from)!, to: parseDay(to)!, groupBy });

/** The fixture month: first responses of sev1 (target 15m) and sev3 (1h), resolutions of sev1. */
const NOVEMBER: OutcomeRecord[] = [
  outcome({ severityId: 'sev1', targetMs: 15 * MINUTE, businessMs: 10 * MINUTE, at: '2026-11-02T10:00:00Z' }),
  outcome({ severityId: 'sev1', targetMs: 15 * MINUTE, businessMs: 14 * MINUTE, at: '2026-11-10T10:00:00Z' }),
  outcome({ severityId: 'sev1', targetMs: 15 * MINUTE, businessMs: 25 * MINUTE, at: '2026-11-20T10:00:00Z' }),
  outcome({ severityId: 'sev1', targetMs: 15 * MINUTE, businessMs: 5 * MINUTE, outcome: 'cancelled', at: '2026-11-21T10:00:00Z' }),
  outcome({ severityId: 'sev3', businessMs: 30 * MINUTE, at: '2026-11-03T10:00:00Z' }),
  outcome({ severityId: 'sev3', businessMs: 90 * MINUTE, at: '2026-11-04T10:00:00Z' }),
  outcome({ severityId: 'sev3', businessMs: 120 * MINUTE, at: '2026-11-30T23:59:59Z' }),
  outcome({ severityId: 'sev1', metric: 'resolution', targetMs: 8 * HOUR, businessMs: 2 * HOUR, wallMs: 3 * HOUR, at: '2026-11-05T10:00:00Z' }),
  outcome({ severityId: 'sev1', metric: 'resolution', targetMs: 8 * HOUR, businessMs: 4 * HOUR, wallMs: 5 * HOUR, at: '2026-11-06T10:00:00Z' }),
];

/** Within ±1% (half a 2% bucket). */
const near = (expected: number) => ({ asymmetricMatch: (v: unknown) => typeof v === 'number' && Math.abs(v / expected - 1) <= 0.01, toString: () => `≈${expected}` });

const SEV1_FIRST: ComplianceRow = {
  group: 'sev1', metric: 'first_response', met: 2, breached: 1, cancelled: 1, open_past_due: 0, percent_met: 66.7,
  median_seconds: near(840) as unknown as number, p90_seconds: near(1500) as unknown as number, mean_seconds: 980, overdue_total_seconds: 600, overdue_mean_seconds: 600,
};
const SEV3_FIRST: ComplianceRow = {
  group: 'sev3', metric: 'first_response', met: 1, breached: 2, cancelled: 0, open_past_due: 0, percent_met: 33.3,
  median_seconds: near(5400) as unknown as number, p90_seconds: near(7200) as unknown as number, mean_seconds: 4800, overdue_total_seconds: 5400, overdue_mean_seconds: 2700,
};

describe('compliance report', () => {
  it('per severity and metric, with MTTR (hand-computed)', async () => {
    const report = await reports(new MemorySource().store(...NOVEMBER)).compliance(query('2026-11-01', '2026-11-30', 'severity'));
    expect(report.rows).toEqual([
      SEV1_FIRST,
      expect.objectContaining({ group: 'sev1', metric: 'resolution', met: 2, breached: 0, percent_met: 100, mean_seconds: 10_800 }),
      SEV3_FIRST,
    ]);
    expect(report.mttr).toEqual([{ severity: 'sev1', resolved: 2, mean_business_seconds: 10_800, mean_wall_seconds: 14_400 }]);
    expect(report).toMatchObject({ from: '2026-11-01', to: '2026-11-30', group_by: 'severity', credits: [], precision: expect.stringContaining('±2%') });
  });

  it('reads whole months from month aggregates and the edges from days', async () => {
    const source = new MemorySource().store(...NOVEMBER, outcome({ at: '2026-10-30T10:00:00Z' }), outcome({ at: '2026-10-29T10:00:00Z' }), outcome({ at: '2026-12-01T10:00:00Z' }));
    const report = await reports(source).compliance(query('2026-10-30', '2026-12-02', 'metric'));
    const request = source.requests[0]!;
    expect([...request.keys()]).toEqual(['2026-11', '2026-10-30', '2026-10-31', '2026-12-01', '2026-12-02', '2026-10', '2026-12']);
    expect(request.get('2026-11')).toEqual(['all', 'severity', 'policy_org']);
    expect(request.get('2026-10-30')).toEqual(['all', 'severity']);
    // October and December only for the credits: their periods are whole months.
    expect(request.get('2026-10')).toEqual(['policy_org']);
    expect(report.rows.find((r) => r.metric === 'first_response')).toMatchObject({ group: 'all', met: 3 + 2, breached: 3, cancelled: 1 });
  });

  it('counts the records not compacted yet, and their retractions', async () => {
    const stored = new MemorySource().store(...NOVEMBER);
    const pending = new MemorySource();
    pending.tail = [...NOVEMBER, outcome({ at: '2026-11-07T00:00:00Z' }), { ...outcome({ at: '2026-11-07T00:00:00Z' }), sign: -1 }, outcome({ at: '2026-12-07T00:00:00Z' })];
    const split = new MemorySource().store(...NOVEMBER.slice(0, 4));
    split.tail = NOVEMBER.slice(4);
    const expected = await reports(stored).compliance(query('2026-11-01', '2026-11-30', 'severity'));
    for (const source of [pending, split]) {
      const got = await reports(source).compliance(query('2026-11-01', '2026-11-30', 'severity'));
      expect({ ...got, generated_at: '' }).toEqual({ ...expected, generated_at: '' });
    }
  });

  it('groups by ISO week from the days, edges included', async () => {
    const report = await reports(new MemorySource().store(...NOVEMBER)).compliance(query('2026-11-01', '2026-11-30', 'week'));
    expect(report.rows.filter((r) => r.metric === 'first_response').map((r) => [r.group, r.met, r.breached, r.cancelled])).toEqual([
      ['2026-W45', 2, 1, 0], // Mon 11-02, Tue 11-03 met; Wed 11-04 late
      ['2026-W46', 1, 0, 0],
      ['2026-W47', 0, 1, 1],
      ['2026-W49', 0, 1, 0], // Mon 11-30
    ]);
  });

  it('open past due: breached timers still running that started in the range, by the ticket as it is now', async () => {
    const at = (iso: string) => Date.parse(iso);
    const open = (id: string, created: string, group: string) =>
      apply(undefined, ticketEvent({ id: `e-${id}`, ticketId: id, at: created, group }), rules, at(created)).state;
    const active = [open('T-1', '2026-11-30T08:00:00Z', 'Tier 1'), open('T-2', '2026-11-30T09:00:00Z', 'Tier 2'), open('T-3', '2026-12-05T11:30:00Z', 'Tier 1')];
    const report = await reports(new MemorySource(), active).compliance(query('2026-11-01', '2026-11-30', 'group'));
    // T-1 and T-2: first response (1h) and resolution (8h, 24x7) overdue at 12-05 12:00; T-3 started out of range and within target.
    expect(report.rows.map((r) => [r.group, r.metric, r.open_past_due, r.percent_met])).toEqual([
      ['Tier 1', 'first_response', 1, null],
      ['Tier 1', 'resolution', 1, null],
      ['Tier 2', 'first_response', 1, null],
      ['Tier 2', 'resolution', 1, null],
    ]);
  });

  it('service credits per organization and month: breaches of the listed metrics × per_breach, capped', async () => {
    const late = (org: string, at: string, metric: 'resolution' | 'first_response' = 'resolution') =>
      outcome({ policyId: 'enterprise', organization: org, metric, targetMs: HOUR, businessMs: 2 * HOUR, at });
    const source = new MemorySource().store(
      late('Acme', '2026-11-02T10:00:00Z'), late('Acme', '2026-11-15T10:00:00Z'), late('Acme', '2026-11-29T10:00:00Z'),
      late('Globex', '2026-11-03T10:00:00Z'), late('Globex', '2026-11-04T10:00:00Z', 'first_response'),
      outcome({ policyId: 'enterprise', organization: 'Initech', metric: 'resolution', at: '2026-11-05T10:00:00Z' }), // met: no credit
      outcome({ policyId: 'standard', organization: 'Acme', metric: 'resolution', targetMs: HOUR, businessMs: 2 * HOUR, at: '2026-11-05T10:00:00Z' }), // no terms
      late('Acme', '2026-12-01T10:00:00Z'),
    );
    source.tail = [late('Globex', '2026-12-03T10:00:00Z')];
    // Only Nov 20 - Dec 3 asked: the credit periods are the whole months it touches.
    const report = await reports(source).compliance(query('2026-11-20', '2026-12-03', 'organization'));
    expect(report.credits).toEqual([
      { organization: 'Acme', policy: 'enterprise', period: '2026-11', breaches: 3, credit_percent: 12, period_complete: true },
      { organization: 'Globex', policy: 'enterprise', period: '2026-11', breaches: 1, credit_percent: 5, period_complete: true },
      { organization: 'Acme', policy: 'enterprise', period: '2026-12', breaches: 1, credit_percent: 5, period_complete: false },
      { organization: 'Globex', policy: 'enterprise', period: '2026-12', breaches: 1, credit_percent: 5, period_complete: false },
    ]);
  });
});
