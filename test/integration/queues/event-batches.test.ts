/**
 * Batches of events in one job, with real Redis and BullMQ: a burst ingested in one call goes
 * in as jobs of up to 16 events; the workers apply every event once and each ticket's events
 * in the order they happened, even when a ticket's later event sits in a batch that runs
 * before (or beside) the one holding its earlier event: that event goes back as a job of its
 * own and waits for the earlier one.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/clock/index.js';
import type { TicketEvent, TicketStatus } from '../../../src/events.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import { CheckpointScheduler } from '../../../src/queues/checkpoint-scheduler.js';
import { QueueEventIngest } from '../../../src/queues/event-ingest.js';
import { BATCH_JOB_NAME, EVENTS_PER_JOB } from '../../../src/queues/event-jobs.js';
import { EventOrder } from '../../../src/queues/event-order.js';
import { createQueues, type Queues } from '../../../src/queues/queues.js';
import { TicketProcessor } from '../../../src/queues/ticket-processor.js';
import { startWorkers, type NoticeDelivery } from '../../../src/queues/workers.js';
import type { SlaRules } from '../../../src/sla/index.js';
import { TicketStore } from '../../../src/store/ticket-store.js';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis.js';

const HOUR = 3_600_000;
const rules: SlaRules = {
  version: 'test',
  calendars: new Map([['always', { calendar: createCalendar({ timezone: 'UTC', hours: '24x7' }), zone: 'UTC' }]]),
  severities: [{ id: 'sev3', name: 'Normal', isDefault: true, from: {} }],
  policies: [{
    id: 'p', match: {}, calendarId: 'always', pauseOn: ['pending'], onReopen: 'resume',
    targets: { sev3: { resolution: { targetMs: 8 * HOUR, calendarId: 'always' } } },
    alerts: [],
  }],
};
const quiet: NoticeDelivery = { deliver: async () => ({ status: 'done' }), flushDigest: async () => ({ status: 'done' }) };

const prefix = testPrefix('event-batches');
let redis: Redis;
let queues: Queues;
let store: TicketStore;
let order: EventOrder;
beforeAll(async () => {
  redis = await connectTestRedis();
  queues = createQueues(TEST_REDIS_URL, prefix);
  store = new TicketStore(redis, prefix);
  order = new EventOrder(redis, store.keys);
});
afterAll(async () => {
  await queues.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const T0 = Date.UTC(2026, 11, 1, 9);
const event = (ticketId: string, eventId: string, at: number, status: TicketStatus): TicketEvent => ({
  source: 'generic', eventId, occurredAt: at,
  ticket: { id: ticketId, status, priority: null, createdAt: T0, subject: null, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {} },
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('events in batch jobs', () => {
  it('applies a burst once each and every ticket in order, its later events split off to wait when their earlier one runs in another job', async () => {
    const tickets = 24;
    // Every ticket is created paused (pending at T0) and opened an hour later; all creations
    // first, so a ticket's opening lands in a later job than its creation, or the same one.
    const created = Array.from({ length: tickets }, (_, i) => event(`B${i}`, `c${i}`, T0, 'pending'));
    const opened = Array.from({ length: tickets }, (_, i) => event(`B${i}`, `o${i}`, T0 + HOUR, 'open'));
    const burst = [...created, ...opened];
    const ingest = new QueueEventIngest(queues.events, redis, store.keys, Date.now, order);
    expect(await ingest.ingest(burst)).toEqual({ accepted: 2 * tickets, duplicates: 0 });

    const waiting = await queues.events.getWaiting();
    expect(waiting.map((j) => j.name)).toEqual(Array(Math.ceil(burst.length / EVENTS_PER_JOB)).fill(BATCH_JOB_NAME));
    expect(waiting.flatMap((j) => (j.data as { events: TicketEvent[] }).events.map((e) => e.eventId)).sort()).toEqual(burst.map((e) => e.eventId).sort());

    const metrics = createMetrics({ defaults: false });
    const logger = createLogger('silent');
    const processor = new TicketProcessor({ store, scheduler: new CheckpointScheduler(queues.checkpoints, Date.now), notifyQueue: queues.notify, rules: () => rules, clock: Date.now, metrics, logger });
    const appliedIds = async (source: string, ticketId: string) => (await store.get(source, ticketId))?.applied ?? [];
    const workers = startWorkers({ redisUrl: TEST_REDIS_URL, prefix, processor, notifier: quiet, metrics, logger, order, appliedIds, stalledIntervalMs: 1_000 });
    try {
      await waitFor(async () => {
        const c = await queues.events.getJobCounts('wait', 'active', 'delayed');
        return (c.wait ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0 && (await store.get('generic', `B${tickets - 1}`))?.ticket.status === 'open';
      });
    } finally {
      await workers.close();
    }

    for (let i = 0; i < tickets; i++) {
      const state = await store.get('generic', `B${i}`);
      // In order: paused from the creation to the opening. The other way round, the creation
      // would come late (older than the opening) and the ticket would never have paused.
      expect(state?.ticket.status, `B${i}`).toBe('open');
      expect(state?.pauses, `B${i}`).toEqual([[T0, T0 + HOUR]]);
      expect(state?.applied, `B${i}`).toEqual([`c${i}`, `o${i}`]);
    }
    const applied = (await metrics.eventsApplied.get()).values.filter((v) => v.labels.result === 'applied').reduce((n, v) => n + v.value, 0);
    expect(applied).toBe(2 * tickets);
    expect((await queues.events.getJobCounts('failed')).failed).toBe(0);
  });
});
