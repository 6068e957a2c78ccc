/**
 * Change control through the real processor and store: each history entry records the config
 * version that applied, and a reload under `new_tickets` leaves running timers on their targets.
 * The scheduler and the notify queue are stubs: nothing here is due.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/clock/index.js';
import type { TicketEvent } from '../../../src/events.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import type { CheckpointScheduler } from '../../../src/queues/checkpoint-scheduler.js';
import { TicketProcessor } from '../../../src/queues/ticket-processor.js';
import { apply, tick, type SlaRules } from '../../../src/sla/index.js';
import { TicketStore } from '../../../src/store/ticket-store.js';
import { connectTestRedis, deletePrefix, testPrefix } from '../../support/redis.js';

const H = 3_600_000;
const T0 = Date.parse('2026-11-23T09:00:00Z');
const always = { calendar: createCalendar({ timezone: 'UTC', hours: '24x7' }), zone: 'UTC' };

function rulesV(version: string, firstResponseMs: number): SlaRules {
  return {
    version,
    calendars: new Map([['always', always]]),
    severities: [{ id: 'sev3', name: 'Normal', isDefault: true, from: {} }],
    policies: [{
      id: 'main', match: {}, calendarId: 'always', pauseOn: [], onReopen: 'resume', alerts: [],
      targets: { sev3: { first_response: { targetMs: firstResponseMs, calendarId: 'always' }, resolution: { targetMs: 8 * H, calendarId: 'always' } } },
    }],
  };
}

function event(id: string, at: number, internal = false): TicketEvent {
  return {
    source: 'generic', eventId: id, occurredAt: at,
    ticket: { id: 'T-1', status: 'open', priority: null, createdAt: T0, subject: null, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {} },
    ...(internal ? { comment: { author: 'agent' as const, public: false } } : {}),
  };
}

describe('config versions in the audit trail (real Redis)', () => {
  let redis: Redis;
  const prefix = testPrefix('config-version');
  let store: TicketStore;

  beforeAll(async () => {
    redis = await connectTestRedis();
    store = new TicketStore(redis, prefix);
  });

  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('records the version that applied to each event and checkpoint; running timers keep their targets', async () => {
    let rules = rulesV('1', 4 * H);
    let now = T0;
    const processor = new TicketProcessor({
      store,
      scheduler: { ensure: async () => undefined } as unknown as CheckpointScheduler,
      notifyQueue: { addBulk: async () => [] } as never,
      rules: () => rules,
      clock: () => now,
      metrics: createMetrics({ defaults: false }),
      logger: createLogger('silent'),
    });
    await processor.process('generic', 'T-1', { id: 'e1', occurredAt: T0 }, (s, r, n) => apply(s, event('e1', T0), r, n));
    // A reload: the first response target halves. An internal note and a checkpoint follow.
    rules = rulesV('2', 2 * H);
    now = T0 + H;
    await processor.process('generic', 'T-1', { id: 'e2', occurredAt: now }, (s, r, n) => apply(s, event('e2', T0 + H, true), r, n));
    now = T0 + 3 * H;
    await processor.process('generic', 'T-1', { id: 'checkpoint', occurredAt: null }, (s, r, n) => (s === undefined ? undefined : tick(s, r, n)));

    const stored = (await store.load('generic', 'T-1'))!.state;
    expect(stored.configVersion).toBe('2');
    expect(stored.timers.map((t) => [t.metric, t.targetMs, t.terms?.configVersion])).toEqual([['first_response', 4 * H, '1'], ['resolution', 8 * H, '1']]);
    // Only entries with clock changes are kept: the creation under v1. Neither the reload nor the
    // checkpoint 3h in (first response still within its 4h) changed a clock.
    const history = await store.history('generic', 'T-1', 10);
    expect(history.map((h) => [h.cause, h.configVersion, h.changes.map((c) => c.kind)])).toEqual([['e1', '1', ['started', 'started']]]);

    // At 4h the kept target breaches; the checkpoint's entry says v2 applied.
    now = T0 + 4 * H;
    await processor.process('generic', 'T-1', { id: 'checkpoint', occurredAt: null }, (s, r, n) => (s === undefined ? undefined : tick(s, r, n)));
    const latest = (await store.history('generic', 'T-1', 10))[0]!;
    expect(latest).toMatchObject({ cause: 'checkpoint', configVersion: '2', changes: [{ kind: 'breached', metric: 'first_response', at: T0 + 4 * H }] });
  });
});
