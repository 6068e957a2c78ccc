/**
 * The ticket save script appends outcome records to `{prefix}:outcomes` in the same script as
 * the state: a save that loses its compare-and-set appends nothing.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOutcome } from '../../../src/store/outcome-codec.js';
import { reportKeysFor } from '../../../src/store/report-keys.js';
import { TicketStore } from '../../../src/store/ticket-store.js';
import { apply } from '../../../src/sla/index.js';
import { outcomeDelta } from '../../../src/sla/outcomes.js';
import { rulesFixture, ticketEvent } from '../../support/sla-fixtures.js';
import { connectTestRedis, deletePrefix, testPrefix } from '../../support/redis.js';

describe('outcome records in the ticket save', () => {
  let redis: Redis;
  const prefix = testPrefix('outcomes');
  const rules = rulesFixture();
  beforeAll(async () => void (redis = await connectTestRedis()));
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('appends them with the state, and not when the compare-and-set fails', async () => {
    const store = new TicketStore(redis, prefix);
    const stream = reportKeysFor(prefix).outcomes;
    expect(stream).toBe(`{${prefix}}:outcomes`);
    const created = apply(undefined, ticketEvent({ id: 'e1', at: '2026-11-23T15:00:00Z' }), rules, Date.parse('2026-11-23T15:00:00Z')).state;
    expect(await store.save(created, null, null, 1, 0, outcomeDelta(undefined, created))).toBe(1);
    const solved = apply(created, ticketEvent({ id: 'e2', at: '2026-11-23T16:00:00Z', createdAt: '2026-11-23T15:00:00Z', status: 'solved' }), rules, Date.parse('2026-11-23T16:00:00Z')).state;
    const delta = outcomeDelta(created, solved);
    expect(delta.map((r) => `${r.metric} ${r.outcome}`)).toEqual(['first_response cancelled', 'resolution achieved']);
    expect(await store.save(solved, 7, null, null, 0, delta)).toBeNull();
    expect(await redis.xlen(stream)).toBe(0);
    expect(await store.save(solved, 1, null, null, 0, delta)).toBe(2);
    const entries = await redis.xrange(stream, '-', '+');
    expect(entries.map(([, fields]) => decodeOutcome(fields[1]!))).toEqual(delta);
  });
});
