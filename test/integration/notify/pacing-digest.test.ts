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
const breachOf = (ticket: number) => alert({ kind: 'breach' }, { facts: { ticketId: `T-${ticket}`, subject: `Ticket ${ticket}` } });

describe('per-channel pacing', () => {
  it('answers `later` with the reserved slot while the channel is busy, and keeps that slot across retries', async () => {
    await setup();
    expect(await h.notifier.deliver(breachOf(1))).toEqual({ status: 'done' });
    const second = breachOf(2);
    expect(await h.notifier.deliver(second)).toEqual({ status: 'later', at: DUE_AT + 1000 });
    expect(await h.notifier.deliver(second)).toEqual({ status: 'later', at: DUE_AT + 1000 });
    // The retry did not reserve again: the next alert gets the slot after it.
    expect(await h.notifier.deliver(breachOf(3))).toEqual({ status: 'later', at: DUE_AT + 2000 });
    // Other channels are not held up.
    expect(await h.notifier.deliver(alert({ kind: 'breach' }, { facts: { ticketId: 'T-9' }, targets: [{ slack: '#support-managers', mention: [] }] }))).toEqual({ status: 'done' });
    h.clock.set(DUE_AT + 1000);
    expect(await h.notifier.deliver(second)).toEqual({ status: 'done' });
    expect(h.fake.messages(CHANNEL)).toHaveLength(2);
  });
});

describe('digest of a flood of alerts', () => {
  it('folds a burst of 20 alerts into one digest beyond the threshold, posted once', async () => {
    await setup();
    const notices = Array.from({ length: 20 }, (_, i) => breachOf(i + 1));
    const results = [];
    for (const notice of notices) results.push(await h.notifier.deliver(notice));
    // One posted now, five waiting for the next slots (the threshold), fourteen into the digest.
    expect(results.slice(0, 6)).toEqual([
      { status: 'done' },
      { status: 'later', at: DUE_AT + 1000 },
      { status: 'later', at: DUE_AT + 2000 },
      { status: 'later', at: DUE_AT + 3000 },
      { status: 'later', at: DUE_AT + 4000 },
      { status: 'later', at: DUE_AT + 5000 },
    ]);
    expect(results.slice(6).every((r) => r.status === 'done')).toBe(true);
    expect(h.scheduled).toHaveLength(14);
    const at = DUE_AT + 6000;
    expect(new Set(h.scheduled.map((s) => `${s.channel}@${s.at}`))).toEqual(new Set([`${CHANNEL}@${at}`]));
    expect(await h.ledger.delivery(notices[19]!.id, CHANNEL)).toMatchObject({ state: 'digested', digestAt: at });

    // The digest job fired early (clock skew): it says when, and leaves the buffer open.
    expect(await h.notifier.flushDigest(CHANNEL)).toEqual({ status: 'later', at });
    for (const notice of notices.slice(1, 6)) await h.deliverUntilDone(notice);
    h.clock.set(at);
    expect(await h.notifier.flushDigest(CHANNEL)).toEqual({ status: 'done' });

    const messages = h.fake.messages(CHANNEL);
    expect(messages).toHaveLength(7);
    const digest = messages[6]!;
    expect(digest.metadata?.event_type).toBe('sla_alert_digest');
    expect(digest.text).toBe('📋 14 SLA alerts (14 breached or overdue, 0 warnings)');
    const lines = (digest.blocks ?? []).slice(2).flatMap((b) => (b as { text: { text: string } }).text.text.split('\n'));
    expect(lines).toHaveLength(14);
    expect(lines[0]).toBe('🔴 *Critical* · <https://help.example.com/T-42|Ticket 7> · first response · breached');
    expect(await h.ledger.delivery(notices[7]!.id, CHANNEL)).toMatchObject({ state: 'sent', ts: digest.ts, via: 'digest' });
    expect(await h.counted('digest')).toBe(14);
    expect(await h.counted('sent')).toBe(6);

    // Flushing again, or the digested alerts coming again, posts nothing new.
    expect(await h.notifier.flushDigest(CHANNEL)).toEqual({ status: 'done' });
    for (const notice of notices.slice(6)) expect(await h.notifier.deliver(notice)).toEqual({ status: 'done' });
    expect(h.fake.messages(CHANNEL)).toHaveLength(7);

    // Once the wave is over, alerts are posted one by one again.
    h.clock.advance(60_000);
    await h.deliverUntilDone(breachOf(21));
    expect(h.fake.messages(CHANNEL)).toHaveLength(8);
  });

  it('posts a digest exactly once even when its post timed out after Slack stored it', async () => {
    await setup();
    // Six alerts take the slots, two more go to the digest.
    for (let i = 1; i <= 8; i++) await h.notifier.deliver(breachOf(i));
    const at = h.scheduled[0]!.at;
    h.clock.set(at);
    for (let i = 2; i <= 6; i++) await h.deliverUntilDone(breachOf(i));
    h.fake.failNext(1, 'hang_after_commit', { method: 'chat.postMessage' });
    await expect(h.notifier.flushDigest(CHANNEL)).rejects.toBeInstanceOf(SlackRetryableError);
    // Another wave meanwhile starts the next digest instead of joining the sealed one.
    for (let i = 9; i <= 15; i++) await h.notifier.deliver(breachOf(i));
    const nextAt = h.scheduled.at(-1)!.at;
    expect(nextAt).toBeGreaterThan(at);
    expect(await h.notifier.flushDigest(CHANNEL)).toEqual({ status: 'done' });
    expect(await h.notifier.flushDigest(CHANNEL)).toEqual({ status: 'later', at: nextAt });
    const digests = () => h.fake.messages(CHANNEL).filter((m) => m.metadata?.event_type === 'sla_alert_digest');
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.text).toMatch(/^📋 2 SLA alerts/);
    expect(await h.ledger.delivery(breachOf(8).id, CHANNEL)).toMatchObject({ state: 'sent', ts: digests()[0]?.ts });
    expect(await h.counted('digest')).toBe(2);
    h.clock.set(nextAt);
    for (let i = 9; i <= 13; i++) await h.deliverUntilDone(breachOf(i));
    expect(await h.notifier.flushDigest(CHANNEL)).toEqual({ status: 'done' });
    expect(digests().map((m) => m.text)).toEqual([expect.stringMatching(/^📋 2 SLA alerts/), expect.stringMatching(/^📋 2 SLA alerts/)]);
    expect(await h.counted('digest')).toBe(4);
    expect(h.fake.messages(CHANNEL)).toHaveLength(6 + 5 + 2);
  });
});
