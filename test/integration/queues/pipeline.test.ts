/**
 * The queues with real Redis and BullMQ, a recording notifier in place of Slack: events in,
 * clocks saved, checkpoints fire at their instants, each alert handed over once.
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/clock/index.js';
import type { TicketEvent, TicketStatus } from '../../../src/events.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import { CheckpointScheduler } from '../../../src/queues/checkpoint-scheduler.js';
import { QueueEventIngest } from '../../../src/queues/event-ingest.js';
import { createQueues, type Queues } from '../../../src/queues/queues.js';
import { TicketProcessor } from '../../../src/queues/ticket-processor.js';
import { startWorkers, type NoticeDelivery, type Workers } from '../../../src/queues/workers.js';
import type { Notice, SlaRules } from '../../../src/sla/index.js';
import { TicketStore } from '../../../src/store/ticket-store.js';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis.js';

const S = 1000;
const always = { calendar: createCalendar({ timezone: 'UTC', hours: '24x7' }), zone: 'UTC' };
const rules: SlaRules = {
  version: 'test',
  calendars: new Map([['always', always]]),
  severities: [
    { id: 'sev1', name: 'Critical', isDefault: false, from: { priority: ['urgent'] } },
    { id: 'sev3', name: 'Normal', isDefault: true, from: {} },
  ],
  policies: [{
    id: 'fast', match: {}, calendarId: 'always', pauseOn: ['pending'], onReopen: 'resume',
    targets: {
      sev1: { first_response: { targetMs: 1.2 * S, calendarId: 'always' } },
      sev3: { first_response: { targetMs: 2.4 * S, calendarId: 'always' } },
    },
    alerts: [
      { key: 'percent:50', at: { kind: 'percent', percent: 50 }, notify: [{ slack: '#leads', mention: [] }] },
      { key: 'breach', at: { kind: 'breach' }, notify: [{ slack: '#managers', mention: [] }] },
    ],
  }],
};

class RecordingNotifier implements NoticeDelivery {
  readonly delivered: Array<{ notice: Notice; at: number }> = [];
  async deliver(notice: Notice) {
    this.delivered.push({ notice, at: Date.now() });
    return { status: 'done' as const };
  }
  async flushDigest() {
    return { status: 'done' as const };
  }
  ids(ticketId: string): string[] {
    return this.delivered.filter((d) => d.notice.facts.ticketId === ticketId).map((d) => d.notice.id.split('/').slice(2).join('/'));
  }
}

let seq = 0;
function event(ticketId: string, createdAt: number, at: number, status: TicketStatus, extra: Partial<TicketEvent> = {}, priority: string | null = null): TicketEvent {
  return {
    source: 'generic', eventId: `evt-${ticketId}-${++seq}`, occurredAt: at,
    ticket: { id: ticketId, status, priority, createdAt, subject: `Ticket ${ticketId}`, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {} },
    ...extra,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('events → clocks → checkpoints → notify (real Redis, BullMQ)', () => {
  let redis: Redis;
  const prefix = testPrefix('pipeline');
  let queues: Queues;
  let store: TicketStore;
  let ingest: QueueEventIngest;
  let notifier: RecordingNotifier;
  let workers: Workers | undefined;
  const logger = createLogger('silent');

  function start(): Workers {
    const metrics = createMetrics({ defaults: false });
    const processor = new TicketProcessor({ store, scheduler: new CheckpointScheduler(queues.checkpoints, Date.now), notifyQueue: queues.notify, rules: () => rules, clock: Date.now, metrics, logger });
    workers = startWorkers({ redisUrl: TEST_REDIS_URL, prefix, processor, notifier, metrics, logger, stalledIntervalMs: 1_000 });
    return workers;
  }

  beforeAll(async () => {
    redis = await connectTestRedis();
    queues = createQueues(TEST_REDIS_URL, prefix);
    store = new TicketStore(redis, prefix);
    ingest = new QueueEventIngest(queues.events, redis, store.keys);
  });
  afterEach(async () => {
    await workers?.close();
    workers = undefined;
  });
  afterAll(async () => {
    await queues.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('fires the warning and the breach at their instants, once each', async () => {
    notifier = new RecordingNotifier();
    start();
    const t0 = Date.now();
    expect(await ingest.ingest([event('B1', t0, t0, 'new', {}, 'urgent')])).toEqual({ accepted: 1, duplicates: 0 });
    await waitFor(() => notifier.ids('B1').length >= 2);
    await sleep(300);
    expect(notifier.ids('B1')).toEqual(['first_response/1/percent:50', 'first_response/1/breach']);
    const [warn, breach] = notifier.delivered.filter((d) => d.notice.facts.ticketId === 'B1');
    expect(warn!.notice.kind === 'alert' && warn!.notice.dueAt).toBe(t0 + 600);
    expect(breach!.notice.kind === 'alert' && breach!.notice.dueAt).toBe(t0 + 1200);
    expect(warn!.at).toBeGreaterThanOrEqual(t0 + 600);
    expect(breach!.at).toBeGreaterThanOrEqual(t0 + 1200);
    expect(breach!.at - (t0 + 1200)).toBeLessThan(1000);
    const saved = await store.get('generic', 'B1');
    expect(saved?.timers[0]?.breachedAt).toBe(t0 + 1200);
    expect(saved?.outbox).toEqual([]);
    expect(saved?.checkpointAt).toBeNull();
  });

  it('a reply before the warning prevents every alert and removes the checkpoint job', async () => {
    notifier = new RecordingNotifier();
    start();
    const t0 = Date.now();
    await ingest.ingest([event('R1', t0, t0, 'new')]);
    await waitFor(async () => (await store.get('generic', 'R1'))?.checkpointAt === t0 + 1200);
    await ingest.ingest([event('R1', t0, t0 + 100, 'open', { comment: { author: 'agent', public: true } })]);
    await waitFor(async () => (await store.get('generic', 'R1'))?.timers[0]?.status === 'achieved');
    await sleep(2_700);
    expect(notifier.ids('R1')).toEqual([]);
    expect(await queues.checkpoints.getDelayedCount()).toBe(0);
  });

  it('duplicate and out-of-order deliveries change nothing', async () => {
    notifier = new RecordingNotifier();
    start();
    const t0 = Date.now() - 60 * S;
    const created = event('D1', t0, t0, 'new');
    const replied = event('D1', t0, t0 + 500, 'open', { comment: { author: 'agent', public: true } });
    const pendingLate = event('D1', t0, t0 + 200, 'pending');
    expect(await ingest.ingest([created, created])).toEqual({ accepted: 1, duplicates: 1 });
    await waitFor(async () => (await store.get('generic', 'D1')) !== undefined);
    await ingest.ingest([replied]);
    await waitFor(async () => (await store.get('generic', 'D1'))?.timers[0]?.status === 'achieved');
    const before = await store.get('generic', 'D1');
    expect(await ingest.ingest([replied, pendingLate])).toEqual({ accepted: 1, duplicates: 1 });
    await waitFor(async () => (await store.get('generic', 'D1'))?.applied.includes(pendingLate.eventId) === true);
    const after = await store.get('generic', 'D1');
    expect(after?.ticket.status).toBe('open');
    expect(after?.timers).toEqual(before?.timers);
  });

  it('pauses while pending and resumes, moving the due instant by the pause', async () => {
    notifier = new RecordingNotifier();
    start();
    const t0 = Date.now() - 150; // events are never in the future: the core clamps them to now
    await ingest.ingest([event('P1', t0, t0, 'new')]);
    await ingest.ingest([event('P1', t0, t0 + 100, 'pending')]);
    await waitFor(async () => (await store.get('generic', 'P1'))?.pauses.length === 1);
    await sleep(1_000);
    const resumeAt = Date.now();
    await ingest.ingest([event('P1', t0, resumeAt, 'open')]);
    await waitFor(() => notifier.ids('P1').length >= 2);
    const [warn, breach] = notifier.delivered.filter((d) => d.notice.facts.ticketId === 'P1');
    // 2.4 s target, 0.1 s counted before the pause: 50% at resume + 1.1 s, breach at resume + 2.3 s.
    expect(warn!.notice.kind === 'alert' && warn!.notice.dueAt).toBe(resumeAt + 1100);
    expect(breach!.notice.kind === 'alert' && breach!.notice.dueAt).toBe(resumeAt + 2300);
  });

  it('a priority change retargets the running timer, keeping elapsed time', async () => {
    notifier = new RecordingNotifier();
    start();
    const t0 = Date.now();
    await ingest.ingest([event('T1', t0, t0, 'new')]);
    await waitFor(async () => (await store.get('generic', 'T1'))?.checkpointAt === t0 + 1200);
    await ingest.ingest([event('T1', t0, t0 + 300, 'open', {}, 'urgent')]);
    await waitFor(async () => (await store.get('generic', 'T1'))?.timers[0]?.targetMs === 1200);
    expect((await store.get('generic', 'T1'))?.checkpointAt).toBe(t0 + 600);
    await waitFor(() => notifier.ids('T1').includes('first_response/1/breach'));
    const breach = notifier.delivered.find((d) => d.notice.id.endsWith('T1/first_response/1/breach'))!;
    expect(breach.notice.kind === 'alert' && breach.notice.dueAt).toBe(t0 + 1200);
  });

  it('a worker stopped mid-way and restarted still fires every due alert once', async () => {
    notifier = new RecordingNotifier();
    const first = start();
    const t0 = Date.now();
    // Normal priority: 2.4 s target, so the 50% alert is 1.2 s away: time to stop the worker first.
    await ingest.ingest(['W1', 'W2', 'W3'].map((id) => event(id, t0, t0, 'new')));
    await waitFor(async () => (await store.active(100)).filter((s) => s.ticketId.startsWith('W')).length === 3);
    await first.close();
    workers = undefined;
    expect(Date.now()).toBeLessThan(t0 + 1_200);
    await sleep(Math.max(0, t0 + 2_700 - Date.now())); // every alert comes due while no worker runs
    expect(notifier.ids('W1')).toEqual([]);
    start();
    await waitFor(() => ['W1', 'W2', 'W3'].every((id) => notifier.ids(id).length === 2));
    await sleep(500);
    for (const id of ['W1', 'W2', 'W3']) expect(notifier.ids(id)).toEqual(['first_response/1/percent:50', 'first_response/1/breach']);
  });
});
