/**
 * EventOrder with real Redis: a ticket's later event waits while an earlier one is queued and
 * not applied; it goes once that one is struck off or shows among the applied ids, and an
 * earlier event that never comes holds it only `maxWaitMs`.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/events.js';
import { EventOrder } from '../../../src/queues/event-order.js';
import { keysFor } from '../../../src/store/keys.js';
import { connectTestRedis, deletePrefix, testPrefix } from '../../support/redis.js';

const prefix = testPrefix('event-order');
let redis: Redis;
beforeAll(async () => void (redis = await connectTestRedis()));
afterAll(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const T0 = Date.UTC(2026, 10, 24, 9);
const event = (ticketId: string, eventId: string, occurredAt: number): TicketEvent => ({
  source: 'generic', eventId, occurredAt,
  ticket: { id: ticketId, status: 'open', priority: null, createdAt: T0, subject: null, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {} },
});
const none = async () => [];

describe('EventOrder', () => {
  it('holds a later event while an earlier one of the same ticket is queued, and only that', async () => {
    const order = new EventOrder(redis, keysFor(prefix));
    const now = Date.now();
    const pending = event('T-1', 'e1', T0 + 60_000);
    const open = event('T-1', 'e2', T0 + 120_000);
    const other = event('T-2', 'e3', T0 + 180_000);
    await order.noteQueued([pending, open, other], now);

    expect(await order.mustWait(open, now, none)).toBe(true);
    expect(await order.mustWait(pending, now, none)).toBe(false); // nothing earlier
    expect(await order.mustWait(other, now, none)).toBe(false); // another ticket
    await order.applied(pending);
    expect(await order.mustWait(open, now, none)).toBe(false);
  });

  it('lets it go when the earlier event is among the applied ids (struck off or not), or was noted over maxWaitMs ago', async () => {
    const order = new EventOrder(redis, keysFor(prefix), { maxWaitMs: 1_000 });
    const now = Date.now();
    const first = event('T-3', 'e1', T0);
    const second = event('T-3', 'e2', T0 + 1);
    await order.noteQueued([first, second], now);
    expect(await order.mustWait(second, now, async () => ['e1'])).toBe(false);
    expect(await order.mustWait(second, now, none)).toBe(true);
    expect(await order.mustWait(second, now + 1_000, none)).toBe(false);
  });
});
