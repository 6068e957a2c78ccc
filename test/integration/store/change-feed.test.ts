/**
 * The live feed on real Redis: a save with clock changes reaches subscribers within a
 * second, and a subscriber resuming after an id gets exactly the entries after it.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../src/http/ports.js';
import { createLogger } from '../../../src/logger.js';
import type { HistoryEntry, TicketState } from '../../../src/sla/index.js';
import { RedisChangeFeed } from '../../../src/store/change-feed.js';
import { TicketStore } from '../../../src/store/ticket-store.js';
import { applyAll, rulesFixture, ticketFixture } from '../../support/sla-fixtures.js';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis.js';

const rules = rulesFixture({ policy: { calendarId: 'always' } });
const stateOf = (id: string): TicketState =>
  applyAll([ticketFixture({ ticketId: id, createdAt: '2026-11-23T09:00:00Z' }).event({ id: `${id}-e`, at: '2026-11-23T09:00:00Z' })], rules).state;
const entry = (n: number): HistoryEntry => ({ recordedAt: n, cause: `e${n}`, occurredAt: n, configVersion: null, changes: [{ kind: 'breached', metric: 'first_response', cycle: 1, at: n }] });

describe('RedisChangeFeed (real Redis)', () => {
  let redis: Redis;
  let store: TicketStore;
  let feed: RedisChangeFeed;
  const prefix = testPrefix('feed');
  const revs = new Map<string, number | null>();
  const save = async (id: string, n: number) => {
    const rev = await store.save(stateOf(id), revs.get(id) ?? null, entry(n), 1, Date.now());
    revs.set(id, rev);
  };

  beforeAll(async () => {
    redis = await connectTestRedis();
    store = new TicketStore(redis, prefix, { changesCap: 50 });
    feed = new RedisChangeFeed(redis, TEST_REDIS_URL, store.keys.changes, createLogger('silent'), 500);
  });
  afterAll(async () => {
    await feed.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('delivers a saved change to subscribers within a second', async () => {
    const got: ChangeEvent[] = [];
    const stop = feed.subscribe(undefined, (e) => got.push(e));
    await new Promise((r) => setTimeout(r, 100)); // the reader is blocked on the stream
    const sentAt = Date.now();
    await save('A', 1);
    while (got.length === 0 && Date.now() - sentAt < 1_000) await new Promise((r) => setTimeout(r, 5));
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(got).toEqual([{ id: expect.stringMatching(/^\d+-\d+$/), source: 'generic', ticketId: 'A', recordedAt: 1, changes: entry(1).changes }]);
    stop();
  });

  it('replays exactly what came after the last id seen, then goes on live without gaps or repeats', async () => {
    const first: ChangeEvent[] = [];
    const stop = feed.subscribe(undefined, (e) => first.push(e));
    await new Promise((r) => setTimeout(r, 100));
    await save('B', 2);
    await save('B', 3);
    for (let i = 0; first.length < 2 && i < 400; i++) await new Promise((r) => setTimeout(r, 5));
    stop();
    await save('B', 4); // missed while away
    const resumed: ChangeEvent[] = [];
    feed.subscribe(first[0]!.id, (e) => resumed.push(e));
    await save('B', 5); // written while the replay may still be running
    for (let i = 0; resumed.length < 3 && i < 400; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 200));
    expect(resumed.map((e) => e.recordedAt)).toEqual([3, 4, 5]);
  });

  it('keeps the stream capped', async () => {
    for (let n = 100; n < 400; n++) await save('C', n);
    expect(await redis.xlen(store.keys.changes)).toBeLessThan(200);
  });
});
