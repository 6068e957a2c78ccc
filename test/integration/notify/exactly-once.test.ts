import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackRetryableError } from '../../../src/notify/index.js';
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
const setup = async () => (h = await harness(redis, `${base}-${++n}`, { start: DUE_AT }));
const CHANNEL = '#support-leads';

describe('exactly-once delivery across crashes and Slack errors', () => {
  it('finds a message whose post timed out after Slack stored it, and does not post again', async () => {
    await setup();
    const notice = alert({ kind: 'breach' });
    h.fake.failNext(1, 'hang_after_commit', { method: 'chat.postMessage' });
    await expect(h.notifier.deliver(notice)).rejects.toBeInstanceOf(SlackRetryableError);
    expect(await h.ledger.delivery(notice.id, CHANNEL)).toMatchObject({ state: 'posting', ts: null });
    expect(h.fake.messages(CHANNEL)).toHaveLength(1);

    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.fake.messages(CHANNEL)).toHaveLength(1);
    const [history] = h.fake.callsOf('conversations.history');
    expect(history?.args).toMatchObject({ channel: h.fake.channelId(CHANNEL), include_all_metadata: true });
    const stored = h.fake.messages(CHANNEL)[0];
    expect(await h.ledger.delivery(notice.id, CHANNEL)).toMatchObject({ state: 'sent', ts: stored?.ts, via: 'lookup' });
    expect(await h.counted('sent')).toBe(1);

    // The found message is the cycle's root: the next alert replies in its thread.
    await h.deliverUntilDone(alert({ kind: 'after', ms: 3_600_000 }));
    expect(h.fake.messages(CHANNEL)[1]).toMatchObject({ thread_ts: stored?.ts, reply_broadcast: true });
  });

  it('looks an interrupted thread reply up among the thread’s replies', async () => {
    await setup();
    await h.deliverUntilDone(alert({ kind: 'percent', percent: 75 }));
    h.clock.advance(60_000);
    const reply = alert({ kind: 'before', ms: 15 * 60_000 });
    h.fake.failNext(1, 'hang_after_commit', { method: 'chat.postMessage' });
    await expect(h.notifier.deliver(reply)).rejects.toBeInstanceOf(SlackRetryableError);
    expect(await h.notifier.deliver(reply)).toEqual({ status: 'done' });
    expect(h.fake.messages(CHANNEL)).toHaveLength(2);
    expect(h.fake.callsOf('conversations.replies')[0]?.args).toMatchObject({ ts: h.fake.messages(CHANNEL)[0]?.ts, include_all_metadata: true });
  });

  it('posts once when the interrupted post never reached Slack, after the attempt is surely over', async () => {
    await setup();
    const notice = alert({ kind: 'breach' });
    h.fake.failNext(1, 'hang', { method: 'chat.postMessage' });
    await expect(h.notifier.deliver(notice)).rejects.toBeInstanceOf(SlackRetryableError);
    expect(h.fake.messages(CHANNEL)).toHaveLength(0);
    // Right away the first attempt might still be in flight: wait rather than risk a duplicate.
    const r = await h.notifier.deliver(notice);
    expect(r).toEqual({ status: 'later', at: DUE_AT + 30_000 });
    h.clock.set(DUE_AT + 30_000);
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.messages(CHANNEL)).toHaveLength(1);
    expect(await h.ledger.delivery(notice.id, CHANNEL)).toMatchObject({ state: 'sent', via: 'post' });
  });

  it('recovers from a ledger left at `posting` by a crashed worker', async () => {
    await setup();
    const notice = alert({ kind: 'breach' });
    // A worker recorded `posting` (with its root claim) and died before calling Slack.
    await h.ledger.claimRoot('generic/T-42/first_response/1', CHANNEL, notice.id, DUE_AT - 120_000, 60_000);
    await h.ledger.beginPosting(notice.id, CHANNEL, DUE_AT - 120_000, null);
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.callsOf('conversations.history')).toHaveLength(1);
    expect(h.fake.messages(CHANNEL)).toHaveLength(1);
    // The same crash, but Slack did get the message: it is found, not posted again.
    const other = alert({ kind: 'breach' }, { facts: { ticketId: 'T-43' } });
    const posted = await h.port.postMessage({ channel: CHANNEL, text: 'x', blocks: [], metadata: { eventType: 'sla_alert', noticeId: other.id } });
    await h.ledger.beginPosting(other.id, CHANNEL, DUE_AT - 1000, null);
    h.clock.advance(5000);
    expect(await h.notifier.deliver(other)).toEqual({ status: 'done' });
    expect(h.fake.messages(CHANNEL)).toHaveLength(2);
    expect(await h.ledger.delivery(other.id, CHANNEL)).toMatchObject({ state: 'sent', ts: posted.ts });
  });

  it('passes Slack’s Retry-After on as SlackRetryableError.retryAfterMs, and posts once on the retry', async () => {
    await setup();
    const notice = alert({ kind: 'breach' });
    h.fake.failNext(1, 'rate_limited', { retryAfterSec: 7 });
    const err = await h.notifier.deliver(notice).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackRetryableError);
    expect(err).toMatchObject({ retryAfterMs: 7000, slackError: 'ratelimited' });
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    h.clock.advance(7000);
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    // A 429 is certain not to have posted: no lookup needed.
    expect(h.fake.callsOf('conversations.history')).toHaveLength(0);
    expect(h.fake.messages(CHANNEL)).toHaveLength(1);
  });

  it('keeps looking before posting when the lookup itself is rate limited', async () => {
    await setup();
    const notice = alert({ kind: 'breach' });
    h.fake.failNext(1, 'hang_after_commit', { method: 'chat.postMessage' });
    await expect(h.notifier.deliver(notice)).rejects.toBeInstanceOf(SlackRetryableError);
    h.fake.failNext(1, 'rate_limited', { method: 'conversations.history', retryAfterSec: 2 });
    await expect(h.notifier.deliver(notice)).rejects.toMatchObject({ retryAfterMs: 2000 });
    expect(await h.ledger.delivery(notice.id, CHANNEL)).toMatchObject({ state: 'posting' });
    h.clock.advance(60_000);
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.fake.messages(CHANNEL)).toHaveLength(1);
  });

  it('treats a 500 as retryable without a delay and checks before posting again', async () => {
    await setup();
    const notice = alert({ kind: 'breach' });
    h.fake.failNext(1, 'server_error');
    const err = await h.notifier.deliver(notice).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SlackRetryableError', retryAfterMs: undefined, slackError: 'http_500' });
    h.clock.advance(31_000);
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.callsOf('conversations.history')).toHaveLength(1);
    expect(h.fake.messages(CHANNEL)).toHaveLength(1);
  });

  it('logs and counts a permanent refusal, and does not try again', async () => {
    await setup();
    const notice = alert({ kind: 'breach' }, { targets: [{ slack: '#support-leads', mention: [] }, { slack: '#support-managers', mention: [] }] });
    h.fake.failNext(1, { error: 'not_in_channel' }, { method: 'chat.postMessage' });
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.messages(CHANNEL)).toHaveLength(0);
    expect(h.fake.messages('#support-managers')).toHaveLength(1);
    expect(await h.ledger.delivery(notice.id, CHANNEL)).toMatchObject({ state: 'failed', error: 'not_in_channel' });
    expect(await h.counted('failed')).toBe(1);
    expect(h.logs.find((l) => l.level === 50)).toMatchObject({ noticeId: notice.id, channel: CHANNEL, slackError: 'not_in_channel' });
    // The failed root claim is released: a later alert of the cycle opens the thread.
    h.clock.advance(60_000);
    await h.deliverUntilDone(alert({ kind: 'after', ms: 3_600_000 }));
    expect(h.fake.messages(CHANNEL)[0]?.thread_ts).toBeUndefined();
  });

  it('does not let the Slack client retry on its own, and presents the bot token', async () => {
    await setup();
    h.fake.failNext(1, 'server_error');
    await expect(h.notifier.deliver(alert({ kind: 'breach' }))).rejects.toBeInstanceOf(SlackRetryableError);
    expect(h.fake.calls).toHaveLength(1);
    expect(h.fake.calls[0]?.token).toBe('xoxb-test');
  });
});
