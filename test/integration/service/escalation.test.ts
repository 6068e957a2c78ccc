/**
 * The real stack end to end, in-process: signed generic webhooks over HTTP → BullMQ on real
 * Redis → SLA clocks → checkpoint jobs → the real Slack notifier → a fake Slack Web API.
 * A 24x7 calendar makes business time real time, so second-scale targets fire within the test.
 * (test/integration/queues/pipeline.test.ts covers the queues with a recording notifier; this
 * file covers what only the whole service shows: HTTP contract, threads, updates, timing.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/clock/index.js';
import type { FakeSlackMessage } from '../../support/fake-slack.js';
import { genericTicket, iso } from '../../support/generic-webhook.js';
import {
  headerOf, noticeIdOf, sleep, sleepUntil, startServiceHarness, tsMs, waitFor,
  type HistoryEntryJson, type ServiceHarness, type TicketJson, type TimerRowJson,
} from '../../support/service-harness.js';

const CONFIG = `
version: escalation-test
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - id: sev1
    name: Critical
    from: { priority: [urgent] }
  - id: sev3
    name: Normal
    default: true
policies:
  - id: fast
    calendar: always
    pause_on: [pending]
    targets:
      sev1: { first_response: 2s }
      sev3: { first_response: 120s }
    alerts:
      - at: 50%
        notify: [{ slack: "#leads" }]
      - at: breach
        notify:
          - { slack: "#leads" }
          - { slack: "#managers", mention: ["<!subteam^S0MGRS>"] }
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

/** How late an alert may reach Slack after its due instant (checkpoint delay, queue hops, HTTP). */
const TOLERANCE_MS = 1_000;
const WARN = (id: string) => `generic/${id}/first_response/1/percent:50`;
const BREACH = (id: string) => `generic/${id}/first_response/1/breach`;

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(): Promise<ServiceHarness> {
  h = await startServiceHarness({ name: 'escalation', config: CONFIG });
  return h;
}

const firstResponse = (t: TicketJson) => t.timers.find((x) => x.metric === 'first_response');
/** A timer without the fields that move with the clock while it runs. */
const withoutCountdown = ({ elapsed_seconds: _e, remaining_seconds: _r, percent: _p, ...rest }: TicketJson['timers'][number]) => rest;
const ids = (messages: FakeSlackMessage[]) => messages.map(noticeIdOf);

/** Posted at or after `due`, and at most `tolerance` later. */
function expectOnTime(m: FakeSlackMessage | undefined, due: number, tolerance = TOLERANCE_MS): void {
  expect(m, 'message').toBeDefined();
  const at = tsMs(m!.ts);
  expect(at, `${noticeIdOf(m!)} posted ${at - due} ms after its due instant`).toBeGreaterThanOrEqual(due);
  expect(at - due, `${noticeIdOf(m!)} lateness`).toBeLessThanOrEqual(tolerance);
}

describe('escalation through the HTTP webhook, BullMQ and the Slack notifier', () => {
  it('warns at 50%, breaches at 100% in the thread (broadcast) and in a second channel, then updates the roots with the outcome', async () => {
    const h = await start();
    const t0 = Date.now();
    const t = genericTicket('E-1', { createdAt: t0, priority: 'urgent', subject: 'Checkout is down' });
    expect(await h.send(t.event({ at: t0 }))).toEqual({ accepted: 1, duplicates: 0 });

    const before = await h.waitForTicket('E-1');
    expect(before).toMatchObject({ status: 'new', severity: 'sev1', policy: 'fast', paused: false });
    expect(firstResponse(before)).toMatchObject({ state: 'running', target_seconds: 2, due_at: iso(t0 + 2_000), achieved_at: null, breached_at: null });

    await waitFor(() => h.slack.messages('#leads').length >= 2 && h.slack.messages('#managers').length >= 1, { timeoutMs: 6_000, message: 'warning and breach never reached Slack' });
    const [root, reply, ...moreLeads] = h.slack.messages('#leads');
    const [managersRoot, ...moreManagers] = h.slack.messages('#managers');
    expect(moreLeads).toEqual([]);
    expect(moreManagers).toEqual([]);

    // The warning opens the cycle's thread in #leads; the breach replies in it and is also shown in the channel.
    expect(noticeIdOf(root!)).toBe(WARN('E-1'));
    expect(root!.thread_ts).toBeUndefined();
    expect(headerOf(root)).toBe('⚠️ Critical · 50% of first response used');
    expect(noticeIdOf(reply!)).toBe(BREACH('E-1'));
    expect(reply).toMatchObject({ thread_ts: root!.ts, reply_broadcast: true });
    expect(headerOf(reply)).toBe('🔴 Critical · first response SLA breached');
    // #managers has no thread for this cycle yet: the breach opens its own root there, with the mention.
    expect(noticeIdOf(managersRoot!)).toBe(BREACH('E-1'));
    expect(managersRoot!.thread_ts).toBeUndefined();
    expect(managersRoot!.text).toContain('<!subteam^S0MGRS>');

    expectOnTime(root, t0 + 1_000);
    expectOnTime(reply, t0 + 2_000);
    expectOnTime(managersRoot, t0 + 2_000);
    expect(tsMs(root!.ts)).toBeLessThan(tsMs(reply!.ts));
    expect(h.slack.callsOf('chat.postMessage').map((c) => c.outcome)).toEqual(['ok', 'ok', 'ok']);

    const breached = await h.ticket('E-1');
    expect(firstResponse(breached)).toMatchObject({ state: 'breached', breached_at: iso(t0 + 2_000) });

    // The agent answers: both roots are updated with the outcome; the thread reply is left alone.
    const answeredAt = Date.now();
    expect(await h.send(t.event({ at: answeredAt, status: 'open', comment: 'agent' }))).toEqual({ accepted: 1, duplicates: 0 });
    await waitFor(() => h.slack.callsOf('chat.update').length >= 2, { message: 'roots were not updated with the outcome' });
    await sleep(200);
    expect(h.slack.callsOf('chat.update')).toHaveLength(2);
    for (const { at } of h.slackLog.filter((c) => c.call.method === 'chat.update')) {
      expect(at).toBeGreaterThanOrEqual(answeredAt);
      expect(at - answeredAt).toBeLessThan(TOLERANCE_MS);
    }
    const late = `☑️ Critical · responded ${formatDuration(answeredAt - (t0 + 2_000))} late`;
    const [updatedRoot, updatedReply] = h.slack.messages('#leads');
    expect(updatedRoot).toMatchObject({ ts: root!.ts, edits: 1 });
    expect(headerOf(updatedRoot)).toBe(late);
    expect(updatedReply).toMatchObject({ ts: reply!.ts, edits: 0 });
    const [updatedManagers] = h.slack.messages('#managers');
    expect(updatedManagers).toMatchObject({ ts: managersRoot!.ts, edits: 1 });
    expect(headerOf(updatedManagers)).toBe(late);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(3);

    const answered = await h.ticket('E-1');
    expect(answered.status).toBe('open');
    expect(firstResponse(answered)).toMatchObject({ state: 'breached_achieved', achieved_at: iso(answeredAt), breached_at: iso(t0 + 2_000), due_at: null });
  });

  it('a reply before the warning prevents every alert: no Slack call at all', async () => {
    const h = await start();
    const t0 = Date.now();
    const t = genericTicket('R-1', { createdAt: t0, priority: 'urgent' });
    await h.send(t.event({ at: t0 }));
    await h.waitForTicket('R-1');
    await sleepUntil(t0 + 300);
    const repliedAt = Date.now();
    await h.send(t.event({ at: repliedAt, status: 'open', comment: 'agent' }));
    const replied = await h.waitForTicket('R-1', (x) => firstResponse(x)?.state === 'achieved');
    expect(firstResponse(replied)).toMatchObject({ achieved_at: iso(repliedAt), due_at: null, breached_at: null });

    await sleepUntil(t0 + 2_000 + 500); // past the instants of the warning and the breach
    expect(h.slack.calls).toEqual([]);
    expect(firstResponse(await h.ticket('R-1'))?.state).toBe('achieved');
  });

  it('a pause (status pending, in pause_on) delays both alerts by the length of the pause', async () => {
    const h = await start();
    const t0 = Date.now();
    const t = genericTicket('P-1', { createdAt: t0, priority: 'urgent' });
    await h.send(t.event({ at: t0 }));
    await h.waitForTicket('P-1');
    await sleepUntil(t0 + 200);
    const pausedAt = Date.now();
    await h.send(t.event({ at: pausedAt, status: 'pending' }));
    const paused = await h.waitForTicket('P-1', (x) => x.paused);
    expect(firstResponse(paused)).toMatchObject({ state: 'paused', due_at: null });

    await sleepUntil(t0 + 1_400); // the warning would have been due at t0 + 1 s without the pause
    expect(h.slack.calls).toEqual([]);
    const resumedAt = Date.now();
    await h.send(t.event({ at: resumedAt, status: 'open' }));
    const pause = resumedAt - pausedAt;
    const resumed = await h.waitForTicket('P-1', (x) => !x.paused);
    expect(firstResponse(resumed)).toMatchObject({ state: 'running', due_at: iso(t0 + 2_000 + pause) });

    await waitFor(() => h.slack.messages('#leads').length >= 2 && h.slack.messages('#managers').length >= 1, { timeoutMs: 6_000 });
    const [warn, breach] = h.slack.messages('#leads');
    expect(ids([warn!, breach!])).toEqual([WARN('P-1'), BREACH('P-1')]);
    expectOnTime(warn, t0 + 1_000 + pause);
    expectOnTime(breach, t0 + 2_000 + pause);
    expectOnTime(h.slack.messages('#managers')[0], t0 + 2_000 + pause);
  });

  it('a priority change retargets running timers: the alerts follow the new target', async () => {
    const h = await start();
    const t0 = Date.now();
    // Up: normal (120 s) → urgent (2 s). Down: urgent (2 s) → normal (120 s).
    const up = genericTicket('U-1', { createdAt: t0, priority: 'normal' });
    const down = genericTicket('D-1', { createdAt: t0, priority: 'urgent' });
    expect(await h.sendBatch([up.event({ at: t0 }), down.event({ at: t0 })])).toEqual({ accepted: 2, duplicates: 0 });
    await h.waitForTicket('U-1');
    await h.waitForTicket('D-1');
    await sleepUntil(t0 + 300);
    const changedAt = Date.now();
    await h.sendBatch([up.event({ at: changedAt, status: 'open', priority: 'urgent' }), down.event({ at: changedAt, status: 'open', priority: 'normal' })]);

    const upView = await h.waitForTicket('U-1', (x) => x.severity === 'sev1');
    expect(firstResponse(upView)).toMatchObject({ state: 'running', target_seconds: 2, due_at: iso(t0 + 2_000) });
    const downView = await h.waitForTicket('D-1', (x) => x.severity === 'sev3');
    expect(firstResponse(downView)).toMatchObject({ state: 'running', target_seconds: 120, due_at: iso(t0 + 120_000) });

    await waitFor(() => h.slack.messages('#leads').length >= 2 && h.slack.messages('#managers').length >= 1, { timeoutMs: 6_000 });
    await sleepUntil(Math.max(Date.now(), t0 + 2_000) + 500); // D-1's old breach instant has passed too
    const [warn, breach, ...rest] = h.slack.messages('#leads');
    expect(rest).toEqual([]);
    expect(ids([warn!, breach!])).toEqual([WARN('U-1'), BREACH('U-1')]);
    expect(headerOf(warn)).toBe('⚠️ Critical · 50% of first response used');
    expectOnTime(warn, t0 + 1_000);
    expectOnTime(breach, t0 + 2_000);
    expect(ids(h.slack.messages('#managers'))).toEqual([BREACH('U-1')]);
  });

  it('answers duplicate deliveries with {accepted, duplicates} and applies each event once', async () => {
    const h = await start();
    const t0 = Date.now() - 10_000;
    const t = genericTicket('DUP-1', { createdAt: t0 });
    const created = t.event({ at: t0 });
    const pending = t.event({ at: t0 + 1_000, status: 'pending' });
    expect(await h.send(created)).toEqual({ accepted: 1, duplicates: 0 });
    expect(await h.send(created)).toEqual({ accepted: 0, duplicates: 1 });
    expect(await h.sendBatch([pending, pending])).toEqual({ accepted: 1, duplicates: 1 });
    await h.waitForIdle('events');
    const before = await h.ticket('DUP-1');
    const history = await h.get<{ entries: HistoryEntryJson[] }>('/api/tickets/generic/DUP-1/history');
    expect(before).toMatchObject({ status: 'pending', paused: true });
    expect(history.body.entries.map((e) => e.cause)).toEqual(['DUP-1-e2', 'DUP-1-e1']);

    expect(await h.sendBatch([created, pending])).toEqual({ accepted: 0, duplicates: 2 });
    expect(await h.send(pending)).toEqual({ accepted: 0, duplicates: 1 });
    await h.waitForIdle('events');
    expect(await h.ticket('DUP-1')).toEqual(before); // paused: not even the countdown moves
    expect((await h.get('/api/tickets/generic/DUP-1/history')).body).toEqual(history.body);

    // The same new event delivered three times at once (a tool retrying on a timeout): one is accepted.
    const opened = t.event({ at: t0 + 2_000, status: 'open' });
    const racing = await Promise.all([h.send(opened), h.send(opened), h.send(opened)]);
    expect(racing.reduce((sum, r) => ({ accepted: sum.accepted + r.accepted, duplicates: sum.duplicates + r.duplicates }))).toEqual({ accepted: 1, duplicates: 2 });
    await h.waitForIdle('events');
    const reopened = await h.ticket('DUP-1');
    expect(reopened).toMatchObject({ status: 'open', paused: false });
    expect(await h.sendBatch([opened, created, pending])).toEqual({ accepted: 0, duplicates: 3 });
    await h.waitForIdle('events');
    const after = await h.ticket('DUP-1');
    expect({ ...after, timers: after.timers.map(withoutCountdown) }).toEqual({ ...reopened, timers: reopened.timers.map(withoutCountdown) });
    expect((await h.get<{ entries: HistoryEntryJson[] }>('/api/tickets/generic/DUP-1/history')).body.entries.map((e) => e.cause)).toEqual(['DUP-1-e3', 'DUP-1-e2', 'DUP-1-e1']);
    expect(h.slack.calls).toEqual([]);
  });

  it('an older event delivered after a newer one does not roll the status back', async () => {
    const h = await start();
    const now = Date.now();
    const t = genericTicket('OOO-1', { createdAt: now - 10_000 });
    const created = t.event({ at: now - 10_000 });
    const opened = t.event({ at: now - 5_000, status: 'open' });
    const pending = t.event({ at: now - 1_000, status: 'pending' });
    await h.send(created);
    await h.waitForTicket('OOO-1');
    await h.send(pending); // the newer one first
    await h.waitForTicket('OOO-1', (x) => x.status === 'pending');
    const before = await h.ticket('OOO-1');
    expect(await h.send(opened)).toEqual({ accepted: 1, duplicates: 0 });
    await h.waitForIdle('events');

    const after = await h.ticket('OOO-1');
    expect(after).toMatchObject({ status: 'pending', paused: true });
    expect(firstResponse(after)).toMatchObject({ state: 'paused', elapsed_seconds: 9, due_at: null });
    expect(after).toEqual(before);
    const history = await h.get<{ entries: HistoryEntryJson[] }>('/api/tickets/generic/OOO-1/history');
    expect(history.body.entries.map((e) => e.cause)).toEqual(['OOO-1-e3', 'OOO-1-e1']);

    // A late event still tells what happened at its own instant: an agent's reply 5 s ago
    // achieves the first response then, while the newer status (pending) stays.
    const u = genericTicket('OOO-2', { createdAt: now - 10_000 });
    const created2 = u.event({ at: now - 10_000 });
    const replied = u.event({ at: now - 5_000, status: 'open', comment: 'agent' });
    const pending2 = u.event({ at: now - 1_000, status: 'pending' });
    await h.sendBatch([created2]);
    await h.waitForTicket('OOO-2');
    await h.send(pending2);
    await h.waitForTicket('OOO-2', (x) => x.status === 'pending');
    await h.send(replied);
    const late = await h.waitForTicket('OOO-2', (x) => firstResponse(x)?.state === 'achieved');
    expect(late).toMatchObject({ status: 'pending', paused: true });
    expect(firstResponse(late)).toMatchObject({ achieved_at: iso(now - 5_000), elapsed_seconds: 5 });
  });

  it('the API shows countdowns, the audit trail with event ids, and timers soonest due first', async () => {
    const h = await start();
    const now = Date.now();
    // H-1 lives through start → pause → resume → answer, all in the past.
    const life = genericTicket('H-1', { createdAt: now - 20_000 });
    const steps = [
      life.event({ at: now - 20_000 }),
      life.event({ at: now - 15_000, status: 'pending' }),
      life.event({ at: now - 10_000, status: 'open' }),
      life.event({ at: now - 5_000, comment: 'agent' }),
    ];
    for (const step of steps) await h.send(step);
    // Running timers, due in 80 s (A), 100 s (B), 110 s (C); P is paused (no due instant).
    const a = genericTicket('A', { createdAt: now - 40_000 });
    const b = genericTicket('B', { createdAt: now - 20_000 });
    const c = genericTicket('C', { createdAt: now - 10_000 });
    const p = genericTicket('P', { createdAt: now - 30_000 });
    await h.sendBatch([c.event({ at: now - 10_000 }), a.event({ at: now - 40_000 }), b.event({ at: now - 20_000 }), p.event({ at: now - 30_000 })]);
    await h.send(p.event({ at: now - 1_000, status: 'pending' }));
    await h.waitForIdle('events');

    // A countdown: remaining seconds go down between two reads; due_at stays put.
    const first = firstResponse(await h.ticket('C'));
    expect(first).toMatchObject({ state: 'running', target_seconds: 120, due_at: iso(now + 110_000), paused: false });
    await sleep(1_100);
    const second = firstResponse(await h.ticket('C'));
    expect(second).toMatchObject({ state: 'running', due_at: iso(now + 110_000) });
    expect(second!.remaining_seconds).toBeLessThan(first!.remaining_seconds);
    expect(second!.elapsed_seconds).toBeGreaterThan(first!.elapsed_seconds);
    expect(second!.remaining_seconds).toBe(second!.target_seconds - second!.elapsed_seconds);

    // The audit trail, newest first, names the event behind each clock change.
    const history = await h.get<{ entries: HistoryEntryJson[] }>('/api/tickets/generic/H-1/history');
    expect(history.status).toBe(200);
    expect(history.body.entries.map((e) => [e.cause, e.occurred_at, e.changes.map((x) => `${x.kind}:${x.metric}@${x.at}`)])).toEqual([
      ['H-1-e4', iso(now - 5_000), [`achieved:first_response@${iso(now - 5_000)}`]],
      ['H-1-e3', iso(now - 10_000), [`resumed:first_response@${iso(now - 10_000)}`]],
      ['H-1-e2', iso(now - 15_000), [`paused:first_response@${iso(now - 15_000)}`]],
      ['H-1-e1', iso(now - 20_000), [`started:first_response@${iso(now - 20_000)}`]],
    ]);
    expect(firstResponse(await h.ticket('H-1'))).toMatchObject({ state: 'achieved', elapsed_seconds: 10, achieved_at: iso(now - 5_000) });

    // Timers across tickets: soonest due first, the paused one (no due instant) last, ended ones left out.
    const timers = await h.get<{ timers: TimerRowJson[] }>('/api/timers');
    expect(timers.status).toBe(200);
    expect(timers.body.timers.map((x) => [x.ticket_id, x.state, x.due_at])).toEqual([
      ['A', 'running', iso(now + 80_000)],
      ['B', 'running', iso(now + 100_000)],
      ['C', 'running', iso(now + 110_000)],
      ['P', 'paused', null],
    ]);
    const ended = await h.get<{ timers: TimerRowJson[] }>('/api/timers?state=achieved');
    expect(ended.body.timers.map((x) => x.ticket_id)).toEqual(['H-1']);
    // Countdown fields move with the wall clock between two calls, so compare what identifies each row.
    const limited = await h.get<{ timers: TimerRowJson[] }>('/api/timers?limit=2');
    expect(limited.body.timers.map((x) => [x.ticket_id, x.state, x.due_at])).toEqual([
      ['A', 'running', iso(now + 80_000)],
      ['B', 'running', iso(now + 100_000)],
    ]);
  });

  it('Slack answering 429 (Retry-After: 1) to the first post: the alert still arrives, once, about 1 s later', async () => {
    const h = await start();
    h.slack.failNext(1, 'rate_limited', { method: 'chat.postMessage', retryAfterSec: 1 });
    const t0 = Date.now();
    const t = genericTicket('S-1', { createdAt: t0, priority: 'urgent' });
    await h.send(t.event({ at: t0 }));

    await waitFor(() => h.slack.messages('#leads').length >= 2 && h.slack.messages('#managers').length >= 1, { timeoutMs: 8_000 });
    await sleep(300);
    const posts = h.slack.callsOf('chat.postMessage');
    expect(posts[0]).toMatchObject({ outcome: 'rate_limited' });
    expect((posts[0]!.args.metadata as { event_payload: { notice_id: string } }).event_payload.notice_id).toBe(WARN('S-1'));
    expect(posts.map((c) => c.outcome)).toEqual(['rate_limited', 'ok', 'ok', 'ok']);

    const [warn, breach] = h.slack.messages('#leads');
    expect(ids(h.slack.messages('#leads'))).toEqual([WARN('S-1'), BREACH('S-1')]);
    expect(ids(h.slack.messages('#managers'))).toEqual([BREACH('S-1')]);
    // Due at t0 + 1 s, refused, retried after Slack's Retry-After of 1 s.
    const lateBy = tsMs(warn!.ts) - (t0 + 1_000);
    expect(lateBy).toBeGreaterThanOrEqual(1_000);
    expect(lateBy).toBeLessThan(1_000 + TOLERANCE_MS);
    expect(breach).toMatchObject({ thread_ts: warn!.ts, reply_broadcast: true });
  });
});
