import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/clock/index.js';
import type { TicketEvent } from '../../../src/events.js';
import { apply, type HistoryEntry, type SlaRules, type TicketState } from '../../../src/sla/index.js';
import { TicketStore } from '../../../src/store/ticket-store.js';
import { connectTestRedis, deletePrefix, testPrefix } from '../../support/redis.js';

const T0 = Date.parse('2026-11-24T09:00:00Z');
const rules: SlaRules = {
  version: '7',
  calendars: new Map([['always', { calendar: createCalendar({ timezone: 'UTC', hours: '24x7' }), zone: 'UTC' }]]),
  severities: [{ id: 'sev3', name: 'Normal', isDefault: true, from: {} }],
  policies: [{ id: 'p', match: {}, calendarId: 'always', pauseOn: [], onReopen: 'resume', targets: { sev3: { first_response: { targetMs: 3_600_000, calendarId: 'always' } } }, alerts: [] }],
};

function stateOf(id: string): TicketState {
  const event: TicketEvent = {
    source: 'generic', eventId: `e-${id}`, occurredAt: T0,
    ticket: { id, status: 'open', priority: null, createdAt: T0, subject: `Ticket ${id}`, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {} },
  };
  return apply(undefined, event, rules, T0).state;
}

const entry = (cause: string): HistoryEntry => ({ recordedAt: T0, cause, occurredAt: T0, configVersion: '7', changes: [{ kind: 'started', metric: 'first_response', cycle: 1, at: T0 }] });

describe('TicketStore (real Redis)', () => {
  let redis: Redis;
  const prefix = testPrefix('store');
  let store: TicketStore;

  beforeAll(async () => {
    redis = await connectTestRedis();
    store = new TicketStore(redis, prefix, { historyCap: 3, endedTtlMs: 60_000 });
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('creates, then saves only against the revision it read', async () => {
    const s = stateOf('A');
    expect(await store.save(s, null, entry('e1'), T0 + 3_600_000, T0)).toBe(1);
    expect(await store.save(s, null, null, T0, T0)).toBeNull(); // already exists
    const loaded = await store.load('generic', 'A');
    expect(loaded?.rev).toBe(1);
    expect(loaded?.state).toEqual(s);
    const changed = { ...s, lastEventAt: T0 + 1 };
    expect(await store.save(changed, 1, null, T0 + 3_600_000, T0)).toBe(2);
    expect(await store.save({ ...s, lastEventAt: T0 + 2 }, 1, null, T0, T0)).toBeNull(); // stale revision
    expect((await store.get('generic', 'A'))?.lastEventAt).toBe(T0 + 1);
  });

  it('keeps the newest history entries up to the cap, newest first', async () => {
    const s = stateOf('H');
    let rev = await store.save(s, null, entry('h1'), T0, T0);
    for (const cause of ['h2', 'h3', 'h4']) rev = await store.save(s, rev, entry(cause), T0, T0);
    expect((await store.history('generic', 'H', 10)).map((h) => h.cause)).toEqual(['h4', 'h3', 'h2']);
    expect((await store.history('generic', 'H', 1)).map((h) => h.cause)).toEqual(['h4']);
  });

  it('lists active tickets soonest due first and drops ended ones from the index with a TTL', async () => {
    await store.save(stateOf('late'), null, null, T0 + 3 * 3_600_000, T0);
    await store.save(stateOf('soon'), null, null, T0 + 60_000, T0);
    await store.save(stateOf('done'), null, null, null, T0 + 5);
    const active = (await store.active(100)).map((s) => s.ticketId);
    expect(active.indexOf('soon')).toBeLessThan(active.indexOf('late'));
    expect(active).not.toContain('done');
    expect((await store.recent(1)).map((s) => s.ticketId)).toEqual(['done']);
    const ttl = await redis.pttl(store.keys.state('generic', 'done'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await redis.pttl(store.keys.state('generic', 'soon'))).toBe(-1);
  });

  it('scans the active index whole, or one source only', async () => {
    const other = { ...stateOf('zd-1'), source: 'zendesk' };
    await store.save(other, null, null, T0 + 120_000, T0);
    const scanAll = async (source?: string): Promise<string[]> => {
      const seen: string[] = [];
      let cursor = '0';
      do {
        const step = await store.scanActive(cursor, 1, source);
        cursor = step.cursor;
        seen.push(...step.states.map((s) => `${s.source}:${s.ticketId}`));
      } while (cursor !== '0');
      return seen.sort();
    };
    const all = await scanAll();
    expect(all).toContain('zendesk:zd-1');
    expect(all.some((m) => m.startsWith('generic:'))).toBe(true);
    expect(await scanAll('zendesk')).toEqual(['zendesk:zd-1']);
    expect(await scanAll('generic')).toEqual(all.filter((m) => m.startsWith('generic:')));
  });

  it('lets exactly one of two concurrent writers of the same revision win', async () => {
    const s = stateOf('race');
    const rev = (await store.save(s, null, null, T0, T0))!;
    const results = await Promise.all([1, 2, 3, 4].map((n) => store.save({ ...s, lastEventAt: T0 + n }, rev, null, T0, T0)));
    expect(results.filter((r) => r !== null)).toEqual([rev + 1]);
  });

  it('puts every key under the hash-tagged prefix', async () => {
    const keys = await redis.keys(`*${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.startsWith(`{${prefix}}:`)).toBe(true);
  });
});
