import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../../src/store/redis-connection.js';
import { DUE_AT, alert, outcome } from '../../unit/notify/notice-fixtures.js';
import { connectRedis, deleteKeys, harness, testPrefix, type Harness } from './notify-harness.js';

const base = testPrefix();
let redis: Redis;
let h: Harness;
beforeAll(async () => void (redis = await connectRedis()));
afterEach(async () => h?.stop());
afterAll(async () => {
  if (redis === undefined) return;
  await deleteKeys(redis, base);
  await redis.quit();
});

describe('without a Slack token', () => {
  it('logs each alert once per channel instead of sending it', async () => {
    h = await harness(redis, `${base}-1`, { start: DUE_AT, token: false });
    const notice = alert({ kind: 'breach' }, { targets: [{ slack: '#support-leads', mention: ['<@U1>'] }, { slack: '#support-managers', mention: [] }] });
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(await h.notifier.deliver(outcome('achieved', DUE_AT + 1000))).toEqual({ status: 'done' });
    expect(await h.notifier.flushDigest('#support-leads')).toEqual({ status: 'done' });

    expect(h.fake.calls).toEqual([]);
    expect(await h.counted('logged')).toBe(2);
    const alerts = h.logs.filter((l) => l.noticeId === notice.id);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ level: 30, channel: '#support-leads', mention: ['<@U1>'], msg: 'SLA alert (not sent, no Slack token): 🔴 Critical · first response SLA breached' });
    expect(alerts[1]).toMatchObject({ level: 30, channel: '#support-managers' });
  });
});
