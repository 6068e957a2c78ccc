/**
 * Replies of one timer cycle's thread go out in due order even when they are retried together
 * (after a Slack outage): a reply waits while an earlier-due alert of its thread is unsettled.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackRetryableError } from '../../../src/notify/index.js';
import type { Redis } from '../../../src/store/redis-connection.js';
import { noticeIdOf } from '../../support/service-harness.js';
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
const CHANNEL = '#support-leads';

/** Delivers, following pacing `later` answers by moving the clock, until done or an error (returned). */
async function attempt(notice: ReturnType<typeof alert>): Promise<unknown> {
  for (let i = 0; i < 20; i++) {
    let r;
    try {
      r = await h.notifier.deliver(notice);
    } catch (err) {
      return err;
    }
    if (r.status === 'done') return r;
    h.clock.set(Math.max(h.clock.now(), r.at));
  }
  throw new Error(`${notice.id} never settled`);
}

describe('thread order', () => {
  it('holds a reply while an earlier-due alert of its thread is still unsettled, then posts both in due order', async () => {
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT + 1_000 });
    const first = alert({ kind: 'percent', percent: 50 });
    const second = alert({ kind: 'percent', percent: 75 });
    const breach = alert({ kind: 'breach' });
    await h.deliverUntilDone(first);
    // The 75% reply fails with a 500 (it may have been posted: it stays `posting`).
    h.fake.failNext(1, 'server_error', { method: 'chat.postMessage' });
    expect(await attempt(second)).toBeInstanceOf(SlackRetryableError);
    // The breach, due later, is tried before the 75% is retried: it waits instead of overtaking it.
    expect(await h.notifier.deliver(breach)).toMatchObject({ status: 'later' });
    expect(h.fake.messages(CHANNEL)).toHaveLength(1);

    await h.deliverUntilDone(second);
    await h.deliverUntilDone(breach);
    const [root, ...replies] = h.fake.messages(CHANNEL);
    expect([root, ...replies].map((m) => noticeIdOf(m!))).toEqual([first.id, second.id, breach.id]);
    for (const reply of replies) expect(reply.thread_ts).toBe(root!.ts);
  });

  it('lets a reply go when the earlier alert settled as failed, and ignores one due longer ago than the stale time', async () => {
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT + 1_000 });
    const first = alert({ kind: 'percent', percent: 50 });
    const second = alert({ kind: 'percent', percent: 75 });
    const breach = alert({ kind: 'breach' });
    await h.deliverUntilDone(first);
    h.fake.failNext(1, { error: 'msg_too_long' }, { method: 'chat.postMessage' });
    expect(await attempt(second)).toEqual({ status: 'done' }); // refused for good: settled
    await h.deliverUntilDone(breach);
    expect(h.fake.messages(CHANNEL).map(noticeIdOf)).toEqual([first.id, breach.id]);

    // A thread whose earlier alert never settles is held only for the stale time (30 min).
    const other = { facts: { cycle: 2 } };
    const stuck = alert({ kind: 'percent', percent: 50 }, other);
    const later = alert({ kind: 'breach' }, other);
    await h.deliverUntilDone(alert({ kind: 'percent', percent: 25 }, other));
    h.fake.failNext(1, 'server_error', { method: 'chat.postMessage' });
    expect(await attempt(stuck)).toBeInstanceOf(SlackRetryableError);
    expect(await h.notifier.deliver(later)).toMatchObject({ status: 'later' });
    h.clock.set(stuck.dueAt + 31 * 60_000);
    await h.deliverUntilDone(later);
    expect(h.fake.messages(CHANNEL).map(noticeIdOf).at(-1)).toBe(later.id);
  });
});
