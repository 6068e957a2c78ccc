/**
 * Quiet hours in the notifier: a route whose notice carries `holdUntil` answers `later` at that
 * instant (the notify worker turns it into a delayed job with the same id), posts nothing before
 * it, and posts once after it; the other routes of the same alert go at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../../src/store/redis-connection.js';
import { DUE_AT, alert } from '../../unit/notify/notice-fixtures.js';
import { connectRedis, deleteKeys, harness, testPrefix, type Harness } from './notify-harness.js';

const base = testPrefix();
let redis: Redis;
let n = 0;
let h: Harness;
beforeAll(async () => void (redis = await connectRedis()));
afterEach(async () => h?.stop());
afterAll(async () => {
  if (redis === undefined) return;
  await deleteKeys(redis, base);
  await redis.quit();
});

describe('quiet hours', () => {
  it('holds the quiet route until its opening, delivers the others at once, and posts the held one once', async () => {
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT });
    const opensAt = DUE_AT + 8 * 3_600_000;
    const notice = alert({ kind: 'percent', percent: 75 }, {
      targets: [
        { slack: '#support-leads', mention: [], holdUntil: opensAt },
        { slack: '#support-managers', mention: [] },
      ],
    });
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'later', at: opensAt });
    expect(h.fake.messages('#support-managers')).toHaveLength(1);
    expect(h.fake.messages('#support-leads')).toEqual([]);
    expect(h.logs.some((l) => l.msg === 'channel in quiet hours: alert held' && l.channel === '#support-leads')).toBe(true);

    // A retry before the opening (a worker restart re-running the job) still holds.
    h.clock.set(opensAt - 1);
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'later', at: opensAt });
    expect(h.fake.messages('#support-leads')).toEqual([]);

    h.clock.set(opensAt);
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.messages('#support-leads')).toHaveLength(1);
    expect(h.fake.messages('#support-managers')).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(2);
  });

  it('drops a held reminder or repeat whose cycle was acknowledged meanwhile, but still posts a held breach', async () => {
    let acked = false;
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT, acknowledged: async (c) => acked && c.ticketId === 'T-42' && c.cycle === 1 });
    const opensAt = DUE_AT + 3_600_000;
    const held = [{ slack: '#support-leads', mention: [], holdUntil: opensAt }];
    const reminder = alert({ kind: 'percent', percent: 75 }, { targets: held });
    const repeat = { ...alert({ kind: 'breach' }, { targets: held }), id: 'generic/T-42/first_response/1/breach#r1', alertKey: 'breach#r1', repeat: { n: 1, of: 2 } };
    const breach = alert({ kind: 'breach' }, { targets: held });
    for (const notice of [reminder, repeat, breach]) expect(await h.notifier.deliver(notice)).toEqual({ status: 'later', at: opensAt });
    acked = true;
    h.clock.set(opensAt);
    for (const notice of [reminder, repeat, breach]) expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.messages('#support-leads').map((m) => m.metadata?.event_payload.notice_id)).toEqual([breach.id]);
  });
});
