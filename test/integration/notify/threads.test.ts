import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../../src/store/redis-connection.js';
import type { FakeSlackMessage } from '../../support/fake-slack.js';
import { DUE_AT, alert, outcome } from '../../unit/notify/notice-fixtures.js';
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
const setup = async (opts: { digestThreshold?: number } = {}) => (h = await harness(redis, `${base}-${++n}`, { start: DUE_AT - 15 * 60_000, ...opts }));
const header = (m: FakeSlackMessage | undefined) => (m?.blocks?.[0] as { text: { text: string } } | undefined)?.text.text;

describe('Slack threads per timer cycle and channel', () => {
  it('lets a reply at the instant of a solve outrank its cancellation, in either order, and ignores older outcomes', async () => {
    await setup();
    await h.deliverUntilDone(alert({ kind: 'percent', percent: 75 }, { targets: [{ slack: '#support-leads', mention: [] }] }));
    const ended = DUE_AT - 60_000;
    h.clock.set(DUE_AT);
    // The reply's outcome first, then the solve's cancellation at the same instant: no update for it.
    await h.deliverUntilDone(outcome('achieved', ended));
    await h.deliverUntilDone(outcome('cancelled', ended));
    expect(header(h.fake.messages('#support-leads')[0])).toBe('✅ Critical · responded in time');
    expect(h.fake.callsOf('chat.update')).toHaveLength(1);
    // An outcome that ended earlier (a reopened resolution's first end) changes nothing either.
    await h.deliverUntilDone(outcome('breached_achieved', ended - 1));
    expect(h.fake.callsOf('chat.update')).toHaveLength(1);
  });

  it('replaces a cancellation shown earlier with the reply outcome at the same instant', async () => {
    await setup();
    await h.deliverUntilDone(alert({ kind: 'percent', percent: 75 }, { targets: [{ slack: '#support-leads', mention: [] }] }));
    const ended = DUE_AT - 60_000;
    await h.deliverUntilDone(outcome('cancelled', ended));
    expect(header(h.fake.messages('#support-leads')[0])).toBe('⚪ Critical · cancelled (ticket solved without a reply)');
    await h.deliverUntilDone(outcome('achieved', ended));
    expect(header(h.fake.messages('#support-leads')[0])).toBe('✅ Critical · responded in time');
    expect(h.fake.callsOf('chat.update')).toHaveLength(2);
  });

  it('posts the root, replies in its thread, broadcasts the breach, and updates every root with the outcome', async () => {
    await setup();
    const leads = { slack: '#support-leads', mention: [] };
    const managers = { slack: '#support-managers', mention: ['<!subteam^S0123>'] };
    await h.deliverUntilDone(alert({ kind: 'percent', percent: 75 }, { targets: [leads] }));
    await h.deliverUntilDone(alert({ kind: 'before', ms: 15 * 60_000 }, { targets: [leads] }));
    await h.deliverUntilDone(alert({ kind: 'breach' }, { targets: [leads, managers] }));

    const [root, reply, breach, ...rest] = h.fake.messages('#support-leads');
    expect(rest).toEqual([]);
    expect(root).toMatchObject({ metadata: { event_type: 'sla_alert', event_payload: { notice_id: 'generic/T-42/first_response/1/75%' } } });
    expect(root?.thread_ts).toBeUndefined();
    expect(header(root)).toBe('⚠️ Critical · 75% of first response used');
    expect(reply).toMatchObject({ thread_ts: root?.ts, reply_broadcast: false });
    expect(header(reply)).toBe('⏳ Critical · first response due in 15m 00s');
    expect(breach).toMatchObject({ thread_ts: root?.ts, reply_broadcast: true });
    const [managersRoot, ...more] = h.fake.messages('#support-managers');
    expect(more).toEqual([]);
    expect(managersRoot?.thread_ts).toBeUndefined();
    expect(managersRoot?.text).toContain('<!subteam^S0123>');

    const ended = DUE_AT + 12 * 60_000;
    h.clock.set(ended);
    await h.deliverUntilDone(outcome('breached_achieved', ended));
    const updatedLeads = h.fake.messages('#support-leads')[0];
    expect(updatedLeads).toMatchObject({ ts: root?.ts, edits: 1 });
    expect(header(updatedLeads)).toBe('☑️ Critical · responded 12m 00s late');
    expect(updatedLeads?.text).toContain('Checkout is down');
    expect(h.fake.messages('#support-managers')[0]).toMatchObject({ ts: managersRoot?.ts, edits: 1 });
    expect(h.fake.messages('#support-leads')[1]?.edits).toBe(0);
    for (const call of h.fake.callsOf('chat.update')) expect(call.args.channel).toMatch(/^C\d+$/);
    expect(await h.counted('sent')).toBe(4);
    const lateness = await h.metrics.alertLateness.get();
    expect(lateness.values.find((v) => v.metricName === 'sla_timer_alert_lateness_seconds_count')?.value).toBe(4);

    // The outcome again: nothing more to do.
    await h.deliverUntilDone(outcome('breached_achieved', ended));
    expect(h.fake.callsOf('chat.update')).toHaveLength(2);
  });

  it('posts a notice delivered twice only once', async () => {
    await setup();
    const notice = alert({ kind: 'breach' });
    await h.deliverUntilDone(notice);
    await h.deliverUntilDone(notice);
    expect(h.fake.messages('#support-leads')).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(await h.counted('sent')).toBe(1);
  });

  it('keeps separate threads for separate cycles of a metric', async () => {
    await setup();
    await h.deliverUntilDone(alert({ kind: 'percent', percent: 75 }, { facts: { metric: 'next_response', cycle: 1 } }));
    await h.deliverUntilDone(alert({ kind: 'percent', percent: 75 }, { facts: { metric: 'next_response', cycle: 2 } }));
    expect(h.fake.messages('#support-leads').map((m) => m.thread_ts)).toEqual([undefined, undefined]);
  });

  it('lets the second alert of a cycle wait for the first to open the thread', async () => {
    await setup();
    // Another ticket's alert takes the channel's current slot, so the 75% alert must wait for the next one.
    await h.deliverUntilDone(alert({ kind: 'breach' }, { facts: { ticketId: 'T-1' } }));
    const first = alert({ kind: 'percent', percent: 75 });
    const second = alert({ kind: 'before', ms: 15 * 60_000 });
    const r1 = await h.notifier.deliver(first);
    expect(r1.status).toBe('later');
    expect(await h.notifier.deliver(second)).toEqual({ status: 'later', at: h.clock.now() + 1000 });
    await h.deliverUntilDone(first);
    await h.deliverUntilDone(second);
    const [, root, reply] = h.fake.messages('#support-leads');
    expect(root?.metadata?.event_payload.notice_id).toBe(first.id);
    expect(reply).toMatchObject({ thread_ts: root?.ts });
  });

  it('gives a root posted after the timer ended its outcome right away', async () => {
    await setup();
    await h.deliverUntilDone(alert({ kind: 'breach' }, { facts: { ticketId: 'T-1' } }));
    const late = alert({ kind: 'percent', percent: 75 });
    expect((await h.notifier.deliver(late)).status).toBe('later');
    // The timer is achieved while its first alert waits for a slot: the outcome waits for the root.
    const done = outcome('achieved', h.clock.now());
    const r = await h.notifier.deliver(done);
    expect(r.status).toBe('later');
    await h.deliverUntilDone(late);
    const root = h.fake.messages('#support-leads')[1];
    expect(header(root)).toBe('✅ Critical · responded in time');
    expect(root?.edits).toBe(1);
    await h.deliverUntilDone(done);
    expect(h.fake.callsOf('chat.update')).toHaveLength(1);
  });
});
