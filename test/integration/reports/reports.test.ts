/**
 * Reports on real Redis: a month of ticket events through the processor → outcome records in
 * the save script → the outcomes stream → compaction → the compliance report, checked against
 * numbers computed by hand; the un-compacted tail; a crash before the commit; a compactor that
 * outlived its lock; credits; and the BullMQ schedule that runs the compactor.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/clock/index.js';
import type { TicketEvent, TicketStatus } from '../../../src/events.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import { CheckpointScheduler } from '../../../src/queues/checkpoint-scheduler.js';
import { createQueues } from '../../../src/queues/queues.js';
import { startReportCompaction } from '../../../src/queues/report-compaction.js';
import { TicketProcessor } from '../../../src/queues/ticket-processor.js';
import type { ComplianceReport } from '../../../src/reports/compliance-report.js';
import { ComplianceReports } from '../../../src/reports/compliance-reports.js';
import { parseDay } from '../../../src/reports/periods.js';
import { apply, type SlaRules } from '../../../src/sla/index.js';
import { ReportStore, type ReportStoreOptions } from '../../../src/store/report-store.js';
import { TicketStore } from '../../../src/store/ticket-store.js';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis.js';

const M = 60_000;
const H = 60 * M;
const always = { calendar: createCalendar({ timezone: 'UTC', hours: '24x7' }), zone: 'UTC' };
const target = (ms: number) => ({ targetMs: ms, calendarId: 'always' });
const rules: SlaRules = {
  version: 'r1',
  calendars: new Map([['always', always]]),
  severities: [
    { id: 'sev1', name: 'Critical', isDefault: false, from: { priority: ['urgent'] } },
    { id: 'sev3', name: 'Normal', isDefault: true, from: {} },
  ],
  policies: [
    {
      id: 'enterprise', match: { tagsAny: ['enterprise'] }, calendarId: 'always', pauseOn: ['pending'], onReopen: 'resume', alerts: [],
      targets: { sev1: { first_response: target(15 * M), resolution: target(4 * H) }, sev3: { first_response: target(H), resolution: target(8 * H) } },
      credits: { perBreachPercent: 5, capPercent: 12, period: 'month', metrics: ['resolution'] },
    },
    {
      id: 'standard', match: {}, calendarId: 'always', pauseOn: ['pending'], onReopen: 'resume', alerts: [],
      targets: { sev3: { first_response: target(H), resolution: target(8 * H) } },
    },
  ],
};

interface Step { at: string; status?: TicketStatus; reply?: 'agent'; deleted?: true; group?: string | null }
interface Ticket { id: string; created: string; enterprise?: true; urgent?: true; group: string | null; org: string; steps: Step[] }

/**
 * The fixture month (24x7, so business time is wall time but for T8's pause). Outcomes:
 * T1 sev3 fr met 30m, res met 3h; regrouped after it ended (must not move)
 * T2 sev3 fr late 90m (+30m), res late 10h (+2h)
 * T3 sev3 solved without reply: fr cancelled, res met 20m
 * T4..T7 enterprise sev1 Acme: fr 10m met, 20m late (+5m), 5m met, 14m met; res 5h late (+1h), 6h late (+2h), 3h met, 5.5h late (+1.5h)
 * T8 enterprise sev3: fr met 40m; pending 10:00-14:00; res met 3h business, 7h wall
 * T9 sev3: fr met 10m; solved 10:00, reopened 11:00 (retracted), solved 11:30: res met 1.5h business, 2.5h wall
 * T10 sev3: solved 09:15, then that action's reply at 09:15: fr cancelled → met 15m; res met 15m
 * T11 sev3 deleted after 30m: fr and res cancelled
 * T12 sev3: fr met 20m; resolution still running, past due since 11-28 17:00 (open past due)
 * T13 sev3 created 10-31 23:00: fr late 90m (+30m) on 11-01, res met 3h
 */
const MONTH: Ticket[] = [
  { id: 'T1', created: '2026-11-02T09:00Z', group: 'Tier 1', org: 'Acme', steps: [{ at: '2026-11-02T09:30Z', reply: 'agent' }, { at: '2026-11-02T12:00Z', status: 'solved' }, { at: '2026-11-02T13:00Z', status: 'closed', group: 'Tier 2' }] },
  { id: 'T2', created: '2026-11-03T09:00Z', group: 'Tier 1', org: 'Acme', steps: [{ at: '2026-11-03T10:30Z', reply: 'agent' }, { at: '2026-11-03T19:00Z', status: 'solved' }] },
  { id: 'T3', created: '2026-11-04T10:00Z', group: 'Tier 2', org: 'Globex', steps: [{ at: '2026-11-04T10:20Z', status: 'solved' }] },
  ...([['T4', '05', 10, '13:00'], ['T5', '10', 20, '14:00'], ['T6', '12', 5, '11:00'], ['T7', '20', 14, '13:30']] as const).map(([id, day, reply, solved]): Ticket => ({
    id, created: `2026-11-${day}T08:00Z`, enterprise: true, urgent: true, group: 'Enterprise', org: 'Acme',
    steps: [{ at: `2026-11-${day}T08:${String(reply).padStart(2, '0')}Z`, reply: 'agent' }, { at: `2026-11-${day}T${solved}Z`, status: 'solved' }],
  })),
  { id: 'T8', created: '2026-11-21T09:00Z', enterprise: true, group: 'Tier 2', org: 'Globex', steps: [{ at: '2026-11-21T09:40Z', reply: 'agent' }, { at: '2026-11-21T10:00Z', status: 'pending' }, { at: '2026-11-21T14:00Z', status: 'open' }, { at: '2026-11-21T16:00Z', status: 'solved' }] },
  { id: 'T9', created: '2026-11-24T09:00Z', group: null, org: 'Initech', steps: [{ at: '2026-11-24T09:10Z', reply: 'agent' }, { at: '2026-11-24T10:00Z', status: 'solved' }, { at: '2026-11-24T11:00Z', status: 'open' }, { at: '2026-11-24T11:30Z', status: 'solved' }] },
  { id: 'T10', created: '2026-11-25T09:00Z', group: 'Tier 1', org: 'Acme', steps: [{ at: '2026-11-25T09:15Z', status: 'solved' }, { at: '2026-11-25T09:15Z', status: 'solved', reply: 'agent' }] },
  { id: 'T11', created: '2026-11-26T09:00Z', group: 'Tier 1', org: 'Acme', steps: [{ at: '2026-11-26T09:30Z', deleted: true }] },
  { id: 'T12', created: '2026-11-28T09:00Z', group: 'Tier 2', org: 'Globex', steps: [{ at: '2026-11-28T09:20Z', reply: 'agent' }] },
  { id: 'T13', created: '2026-10-31T23:00Z', group: 'Tier 1', org: 'Acme', steps: [{ at: '2026-11-01T00:30Z', reply: 'agent' }, { at: '2026-11-01T02:00Z', status: 'solved' }] },
];

function eventsOf(t: Ticket): TicketEvent[] {
  let group = t.group;
  const base = (at: string, status: TicketStatus, n: number): TicketEvent => ({
    source: 'generic', eventId: `${t.id}-${n}`, occurredAt: Date.parse(at),
    ticket: {
      id: t.id, status, priority: t.urgent ? 'urgent' : null, createdAt: Date.parse(t.created), subject: null, url: null,
      tags: t.enterprise ? ['enterprise'] : [], group, organization: t.org, assignee: 'Dana', requester: null, fields: {},
    },
  });
  const out = [base(t.created, 'new', 0)];
  let status: TicketStatus = 'open';
  t.steps.forEach((s, i) => {
    status = s.status ?? status;
    if (s.group !== undefined) group = s.group;
    out.push({ ...base(s.at, status, i + 1), ...(s.reply ? { comment: { author: 'agent', public: true } } : {}), ...(s.deleted ? { deleted: true } : {}) });
  });
  return out;
}

const NOW = Date.parse('2026-12-05T12:00:00Z');
const november = { from: parseDay('2026-11-01')!, to: parseDay('2026-11-30')! };
const strip = (r: ComplianceReport) => ({ ...r, generated_at: '' });

describe('reports on real Redis', () => {
  let redis: Redis;
  const root = testPrefix('reports');
  let n = 0;
  const logger = createLogger('silent');

  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    await deletePrefix(redis, root);
    await redis.quit();
  });

  /** A fresh prefix with the fixture month processed (nothing compacted yet). */
  async function month(options: ReportStoreOptions = {}) {
    const prefix = `${root}-${++n}`;
    const queues = createQueues(TEST_REDIS_URL, prefix);
    const store = new TicketStore(redis, prefix);
    let now = 0;
    const processor = new TicketProcessor({
      store, scheduler: new CheckpointScheduler(queues.checkpoints, () => now), notifyQueue: queues.notify, rules: () => rules, clock: () => now,
      metrics: createMetrics({ defaults: false }), logger,
    });
    const events = MONTH.flatMap(eventsOf).sort((a, b) => a.occurredAt - b.occurredAt);
    for (const e of events) {
      now = e.occurredAt;
      await processor.process(e.source, e.ticket.id, { id: e.eventId, occurredAt: e.occurredAt }, (s, r, t) => apply(s, e, r, t));
    }
    await queues.close();
    const reports = new ReportStore(redis, prefix, options);
    const report = (groupBy: ComplianceReport['group_by'] = 'severity') =>
      new ComplianceReports({ source: reports, tickets: store, rules: () => rules, clock: () => NOW }).compliance({ ...november, groupBy });
    return { prefix, reports, report };
  }

  it('processes the month into outcome records, compacts them, and reports the hand-computed numbers', async () => {
    const { reports, report } = await month({ batchSize: 7 });
    // 13 tickets: 25 timers ended (T12's resolution runs on); T9's resolution and T10's first
    // response were each retracted and recorded again (2 more records each).
    expect(await reports.tailLength()).toBe(25 + 2 * 2);
    const result = await reports.compact();
    expect(result).toEqual({ folded: 29, batches: 5, busy: false, fenced: false });
    expect(await reports.tailLength()).toBe(0);
    // Credits read whole months: a day keeps no policy × organization cells.
    expect((await redis.hkeys(reports.keys.period('2026-11-05'))).sort()).toEqual(['all', 'assignee', 'group', 'organization', 'policy', 'severity', 'source']);
    expect(await redis.hkeys(reports.keys.period('2026-11'))).toContain('policy_org');

    const r = await report('severity');
    expect(r.rows).toEqual([
      { group: 'sev1', metric: 'first_response', met: 3, breached: 1, cancelled: 0, open_past_due: 0, percent_met: 75, median_seconds: near(600), p90_seconds: near(1200), mean_seconds: 735, overdue_total_seconds: 300, overdue_mean_seconds: 300 },
      { group: 'sev1', metric: 'resolution', met: 1, breached: 3, cancelled: 0, open_past_due: 0, percent_met: 25, median_seconds: near(5 * 3600), p90_seconds: near(6 * 3600), mean_seconds: 17_550, overdue_total_seconds: 4.5 * 3600, overdue_mean_seconds: 5400 },
      { group: 'sev3', metric: 'first_response', met: 5, breached: 2, cancelled: 2, open_past_due: 0, percent_met: 71.4, median_seconds: near(1800), p90_seconds: near(5400), mean_seconds: 2528.571, overdue_total_seconds: 3600, overdue_mean_seconds: 1800 },
      { group: 'sev3', metric: 'resolution', met: 6, breached: 1, cancelled: 1, open_past_due: 1, percent_met: 85.7, median_seconds: near(3 * 3600), p90_seconds: near(10 * 3600), mean_seconds: 10_842.857, overdue_total_seconds: 7200, overdue_mean_seconds: 7200 },
    ]);
    expect(r.mttr).toEqual([
      { severity: 'sev1', resolved: 4, mean_business_seconds: 17_550, mean_wall_seconds: 17_550 },
      { severity: 'sev3', resolved: 7, mean_business_seconds: 10_842.857, mean_wall_seconds: 13_414.286 },
    ]);
    // Three late enterprise resolutions for Acme: 15%, capped at 12%. Globex's enterprise ticket was in time.
    expect(r.credits).toEqual([{ organization: 'Acme', policy: 'enterprise', period: '2026-11', breaches: 3, credit_percent: 12, period_complete: true }]);

    // T1 was regrouped to Tier 2 after it ended: its outcomes stay with Tier 1.
    const byGroup = await report('group');
    expect(byGroup.rows.filter((x) => x.metric === 'first_response').map((x) => [x.group, x.met, x.breached, x.cancelled])).toEqual([
      ['Enterprise', 3, 1, 0],
      ['Tier 1', 2, 2, 1],
      ['Tier 2', 2, 0, 1],
      [null, 1, 0, 0],
    ]);
  });

  it('a report is never behind: the un-compacted tail counts, before, during and after compaction', async () => {
    const { reports, report } = await month({ batchSize: 10, maxBatches: 1 });
    const fromTail = await report();
    expect(fromTail.rows.map((x) => x.met + x.breached + x.cancelled)).toEqual([4, 4, 9, 8]);
    expect(await reports.compact()).toMatchObject({ folded: 10, batches: 1 });
    expect(await reports.tailLength()).toBe(19);
    expect(strip(await report())).toEqual(strip(fromTail));
    while ((await reports.compact()).folded > 0);
    expect(await reports.tailLength()).toBe(0);
    expect(strip(await report())).toEqual(strip(fromTail));
  });

  it('a crash between folding and the commit folds nothing twice', async () => {
    const { reports, report } = await month({ batchSize: 100 });
    const expected = strip(await report());
    const crash = new Error('killed before the commit');
    await expect(reports.compact({ beforeCommit: async () => Promise.reject(crash) })).rejects.toBe(crash);
    expect(await redis.get(reports.keys.cursor)).toBeNull();
    expect(await redis.exists(reports.keys.period('2026-11'))).toBe(0);
    expect(await reports.tailLength()).toBe(29);
    // The lock was released on the way out: the next run goes ahead and folds each record once.
    expect(await reports.compact()).toMatchObject({ folded: 29, busy: false });
    expect(strip(await report())).toEqual(expected);
  });

  it('a compactor that outlived its lock cannot commit a batch another one folded', async () => {
    const { prefix, reports: slow, report } = await month({ lockMs: 50 });
    const expected = strip(await report());
    const other = new ReportStore(redis, prefix);
    let second: unknown;
    const first = await slow.compact({
      beforeCommit: async () => {
        await new Promise((r) => setTimeout(r, 120)); // the lock expires meanwhile
        second = await other.compact();
      },
    });
    expect(second).toMatchObject({ folded: 29, busy: false, fenced: false });
    expect(first).toMatchObject({ folded: 0, fenced: true });
    expect(await other.compact()).toMatchObject({ folded: 0, busy: false });
    expect(strip(await report())).toEqual(expected);
  });

  it('the scheduled job compacts in the background', async () => {
    const { prefix, reports } = await month();
    const compaction = await startReportCompaction({ redisUrl: TEST_REDIS_URL, prefix, compactor: reports, logger, everyMs: 200 });
    try {
      const end = Date.now() + 8_000;
      while ((await reports.tailLength()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(await reports.tailLength()).toBe(0);
      expect(await redis.get(reports.keys.cursor)).not.toBeNull();
    } finally {
      await compaction.close();
    }
  });
});

/** Within ±1% (half a 2% bucket): percentiles come from log buckets. */
function near(expected: number): number {
  return { asymmetricMatch: (v: unknown) => typeof v === 'number' && Math.abs(v / expected - 1) <= 0.01, toString: () => `≈${expected}` } as unknown as number;
}
