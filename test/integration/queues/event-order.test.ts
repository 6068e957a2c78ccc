/**
 * EventOrder with real Redis, the events noted by the webhook's ingest as in the service: a
 * ticket's later event waits while an earlier one is queued and not applied; it goes once
 * that one is struck off or shows among the applied ids, and an earlier event that never
 * comes holds it only `maxWaitMs`. A duplicate delivery is not noted again.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/events.js';
import { QueueEventIngest } from '../../../src/queues/event-ingest.js';
import { EventOrder, type EventOrderOptions } from '../../../src/queues/event-order.js';
import { createQueues, type Queues } from '../../../src/queues/queues.js';
import { keysFor } from '../../../src/store/keys.js';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis.js';

const prefix = testPrefix('event-order');
let redis: Redis;
let queues: Queues;
beforeAll(async () => {
  redis = await connectTestRedis();
  queues = createQueues(TEST_REDIS_URL, prefix);
});
afterAll(async () => {
  await queues.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

/** An order and the ingest that notes events in it, at `now`. */
function orderWithIngest(now: number, options?: EventOrderOptions): { order: EventOrder; ingest: QueueEventIngest } {
  const order = new EventOrder(redis, keysFor(prefix), options);
  return { order, ingest: new QueueEventIngest(queues.events, redis, keysFor(prefix), () => now, order) };
}

const T0 = Date.UTC(2026, 10, 24, 9);
const event = (ticketId: string, eventId: string, occurredAt: number): TicketEvent => ({
  source: 'generic', eventId, occurredAt,
  ticket: { id: ticketId, status: 'open', priority: null, createdAt: T0, subject: null, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {} },
});
const none = async () => [];

describe('EventOrder', () => {
  it('holds a later event while an earlier one of the same ticket is queued, and only that', async () => {
    const now = Date.now();
    const { order, ingest } = orderWithIngest(now);
    const pending = event('T-1', 'e1', T0 + 60_000);
    const open = event('T-1', 'e2', T0 + 120_000);
    const other = event('T-2', 'e3', T0 + 180_000);
    expect(await ingest.ingest([pending, open, other])).toEqual({ accepted: 3, duplicates: 0 });

    expect(await order.mustWait(open, now, none)).toBe(true);
    expect(await order.mustWait(pending, now, none)).toBe(false); // nothing earlier
    expect(await order.mustWait(other, now, none)).toBe(false); // another ticket
    await order.applied(pending);
    expect(await order.mustWait(open, now, none)).toBe(false);
  });

  it('lets it go when the earlier event is among the applied ids (struck off or not), or was noted over maxWaitMs ago', async () => {
    const now = Date.now();
    const { order, ingest } = orderWithIngest(now, { maxWaitMs: 1_000 });
    const first = event('T-3', 'e4', T0);
    const second = event('T-3', 'e5', T0 + 1);
    await ingest.ingest([first, second]);
    expect(await order.mustWait(second, now, async () => ['e4'])).toBe(false);
    expect(await order.mustWait(second, now, none)).toBe(true);
    expect(await order.mustWait(second, now + 1_000, none)).toBe(false);
  });

  it('notes a first-seen event once, with its expiry, and a redelivery not at all', async () => {
    const now = Date.now();
    const { ingest } = orderWithIngest(now, { ttlMs: 60_000 });
    const e = event('T-4', 'e6', T0);
    await ingest.ingest([e]);
    expect(await orderWithIngest(now + 5_000).ingest.ingest([e])).toEqual({ accepted: 0, duplicates: 1 });
    const key = keysFor(prefix).sub('pend', 'generic', 'T-4');
    expect(await redis.zrange(key, 0, -1, 'WITHSCORES')).toEqual([`${now}|e6`, String(T0)]);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
