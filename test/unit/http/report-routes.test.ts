/**
 * GET /api/reports/compliance: parameters (defaults, dates and instants, 400s naming the
 * parameter), JSON and CSV answers. The report service is a fake that records its queries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../../../src/reports/compliance-report.js';
import type { ComplianceQuery } from '../../../src/reports/compliance-reports.js';
import { dayKey } from '../../../src/reports/periods.js';
import { startApp, stopApps } from './app-harness.js';
import { json } from './sla-fixtures.js';

afterEach(stopApps);

class FakeReports {
  readonly queries: Array<{ from: string; to: string; groupBy: string }> = [];
  async compliance(q: ComplianceQuery): Promise<ComplianceReport> {
    this.queries.push({ from: dayKey(q.from), to: dayKey(q.to), groupBy: q.groupBy });
    return {
      from: dayKey(q.from), to: dayKey(q.to), group_by: q.groupBy, generated_at: '2026-11-23T10:15:30.500Z', precision: 'within ±2%',
      rows: [
        { group: 'Acme, Inc.', metric: 'first_response', met: 9, breached: 1, cancelled: 0, open_past_due: 2, percent_met: 90, median_seconds: 1200.5, p90_seconds: 3000, mean_seconds: 1500, overdue_total_seconds: 600, overdue_mean_seconds: 600 },
        { group: null, metric: 'resolution', met: 0, breached: 0, cancelled: 1, open_past_due: 0, percent_met: null, median_seconds: null, p90_seconds: null, mean_seconds: null, overdue_total_seconds: 0, overdue_mean_seconds: null },
      ],
      mttr: [{ severity: 'sev1', resolved: 3, mean_business_seconds: 7200, mean_wall_seconds: 9000 }],
      credits: [{ organization: 'Acme, Inc.', policy: 'enterprise', period: '2026-11', breaches: 2, credit_percent: 10, period_complete: false }],
    };
  }
}

async function setup() {
  const reports = new FakeReports();
  const h = await startApp({ reports });
  return { reports, get: (q: string) => fetch(`${h.base}/api/reports/compliance${q}`) };
}

describe('GET /api/reports/compliance', () => {
  it('defaults to the last 30 UTC days up to today, grouped by metric, as JSON', async () => {
    const { reports, get } = await setup();
    const res = await get('');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await json(res)).rows).toHaveLength(2);
    expect(reports.queries).toEqual([{ from: '2026-10-25', to: '2026-11-23', groupBy: 'metric' }]);
  });

  it('takes dates or instants (their UTC day) and each group_by', async () => {
    const { reports, get } = await setup();
    expect((await get('?from=2026-11-01&to=2026-11-30&group_by=severity')).status).toBe(200);
    expect((await get(`?from=${encodeURIComponent('2026-11-01T00:30:00+01:00')}&to=2026-11-05T23:59:59Z&group_by=week`)).status).toBe(200);
    expect((await get('?from=2026-11-10')).status).toBe(200);
    expect((await get('?to=2026-11-10')).status).toBe(200);
    expect(reports.queries).toEqual([
      { from: '2026-11-01', to: '2026-11-30', groupBy: 'severity' },
      { from: '2026-10-31', to: '2026-11-05', groupBy: 'week' },
      { from: '2026-11-10', to: '2026-11-23', groupBy: 'metric' },
      { from: '2026-10-12', to: '2026-11-10', groupBy: 'metric' },
    ]);
  });

  it.each([
    ['?from=2026-02-30', 'from', /must be a date such as 2026-11-01 or an instant/],
    ['?to=last-week', 'to', /must be a date/],
    ['?from=2026-11-10&to=2026-11-01', 'from', /must be on or before to \(2026-11-01\); got 2026-11-10/],
    ['?from=2020-01-01&to=2026-11-01', 'from', /at most 1096 days/],
    ['?group_by=team', 'group_by', /unknown value "team"; use one of metric, severity, policy, group, assignee, organization, source, week/],
    ['?group_by=severity&group_by=policy', 'group_by', /takes one value/],
    ['?format=xml', 'format', /use one of json, csv/],
    ['?format=csv&section=all', 'section', /use one of rows, mttr, credits/],
  ])('%s is a 400 naming %s', async (q, field, message) => {
    const { reports, get } = await setup();
    const res = await get(q);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('sla_query_invalid');
    expect(body.error.fields[0].field).toBe(field);
    expect(body.error.message).toMatch(message);
    expect(reports.queries).toEqual([]);
  });

  it('format=csv answers the rows with a header row, RFC 4180 quoting and empty cells for null', async () => {
    const { get } = await setup();
    const res = await get('?from=2026-11-01&to=2026-11-30&group_by=organization&format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="sla-compliance-2026-11-01-2026-11-30-organization.csv"');
    expect(await res.text()).toBe(
      'group,metric,met,breached,cancelled,open_past_due,percent_met,median_seconds,p90_seconds,mean_seconds,overdue_total_seconds,overdue_mean_seconds\r\n' +
        '"Acme, Inc.",first_response,9,1,0,2,90,1200.5,3000,1500,600,600\r\n' +
        ',resolution,0,0,1,0,,,,,0,\r\n',
    );
  });

  it('section=mttr and section=credits give those tables', async () => {
    const { get } = await setup();
    expect(await (await get('?format=csv&section=mttr')).text()).toBe('severity,resolved,mean_business_seconds,mean_wall_seconds\r\nsev1,3,7200,9000\r\n');
    expect(await (await get('?format=csv&section=credits')).text()).toBe(
      'organization,policy,period,breaches,credit_percent,period_complete\r\n"Acme, Inc.",enterprise,2026-11,2,10,false\r\n',
    );
  });

  it('is 404 when the service runs without reports', async () => {
    const h = await startApp();
    expect((await fetch(`${h.base}/api/reports/compliance`)).status).toBe(404);
  });
});
