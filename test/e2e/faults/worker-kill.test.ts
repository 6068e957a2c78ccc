/**
 * Fault: a workers process (SLA_ROLES=workers) killed with SIGKILL — once while it applies a
 * burst of events, once while its Slack posts are in flight — then started again. The API runs
 * in its own process and keeps taking webhooks. Stalled-job recovery is shortened through the
 * environment (WORKER_LOCK_MS=2000, WORKER_STALLED_INTERVAL_MS=1000) so a killed worker's jobs
 * run again within ~3 s.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createQueues } from '../../../src/queues/queues.js';
import { genericTicket, iso, type GenericTicket } from '../../support/generic-webhook.js';
import { sleep, waitFor } from '../../support/service-harness.js';
import { buildService } from './support/service-process.js';
import { deliver, deliveredExactlyOnce, historyOf, startRig, ticketOf, waitForIdle, type FaultRig } from './support/fault-kit.js';

const CONFIG = `
version: faults-kill
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: fast
    calendar: always
    targets:
      sev1: { first_response: 2s }
      sev3: { first_response: 1h, next_response: 1h, resolution: 8h }
    alerts:
      - at: 50%
        notify: [{ slack: "#leads" }]
      - at: breach
        notify: [{ slack: "#managers" }]
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

const CHANNELS = ['#leads', '#managers'];
const notice = (id: string, key: 'percent:50' | 'breach') => `generic/${id}/first_response/1/${key}`;
const alertsOf = (ids: string[]) => ({ '#leads': ids.map((id) => notice(id, 'percent:50')), '#managers': ids.map((id) => notice(id, 'breach')) });

let rig: FaultRig | undefined;
beforeAll(() => buildService(), 180_000);
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('a workers process killed with SIGKILL and started again', () => {
  // Protection: BullMQ's at-least-once delivery (a job leaves the queue only once processed;
  // the killed worker's active jobs stall and run again) with an idempotent apply (each
  // ticket remembers the event ids it applied; saves are compare-and-set). Without recovery
  // the events in the killed worker's hands are lost (first responses never achieved); without
  // the idempotent apply a re-run event would be applied twice (history entries repeated).
  it('mid-burst of events: every event is applied exactly once and every due alert arrives once', async () => {
    const r = (rig = await startRig('kill-burst', CONFIG, { channels: CHANNELS }));
    const api = await r.launch('api', { SLA_ROLES: 'api' });
    const first = await r.launch('workers-1', { SLA_ROLES: 'workers' });

    const base = Date.now() - 60_000;
    const tickets: GenericTicket[] = Array.from({ length: 150 }, (_, i) => genericTicket(`B${i}`, { createdAt: base }));
    const round = async (make: (t: GenericTicket) => ReturnType<GenericTicket['event']>) => {
      const events = tickets.map(make);
      for (let i = 0; i < events.length; i += 50) expect(await deliver(api.url, events.slice(i, i + 50))).toEqual({ accepted: Math.min(50, events.length - i), duplicates: 0 });
    };
    await round((t) => t.event({ at: base }));
    await waitForIdle(r.redisUrl, r.prefix, 'events');

    // The burst: every ticket's first agent reply, plus three urgent tickets whose alerts come due while the workers are down.
    const t0 = Date.now();
    const urgent = ['U1', 'U2', 'U3'];
    await deliver(api.url, urgent.map((id) => genericTicket(id, { createdAt: t0, priority: 'urgent' }).event({ at: t0 })));
    const queues = createQueues(r.redisUrl, r.prefix);
    let killedAt: number;
    try {
      await round((t) => t.event({ at: base + 10_000, status: 'open', comment: 'agent' }));
      await waitFor(async () => (await queues.events.getJobCounts('active')).active! > 0, { timeoutMs: 5_000, intervalMs: 2, message: 'no event job ever active' });
      await first.killHard();
      killedAt = Date.now();
      const left = await queues.events.getJobCounts('wait', 'active');
      expect(left.wait! + left.active!, 'the kill must land mid-burst').toBeGreaterThan(0);
    } finally {
      await queues.close();
    }

    const second = await r.launch('workers-2', { SLA_ROLES: 'workers' });
    await waitForIdle(r.redisUrl, r.prefix, 'events', 20_000);
    await round((t) => t.event({ at: base + 20_000, comment: 'customer' }));
    await waitForIdle(r.redisUrl, r.prefix, 'events');
    // The recovery path ran: the killed worker's jobs stalled and were taken again.
    expect(second.logged('stalled job recovered; running it again').filter((e) => e.queue === 'events').length, r.diagnostics()).toBeGreaterThan(0);

    for (const t of tickets) {
      const ticket = (await ticketOf(api.url, t.id))!;
      const timers = Object.fromEntries(ticket.timers.map((x) => [`${x.metric}/${x.cycle}`, x]));
      expect(timers['first_response/1'], t.id).toMatchObject({ state: 'achieved', achieved_at: iso(base + 10_000) });
      expect(timers['next_response/1'], t.id).toMatchObject({ state: 'running', started_at: iso(base + 20_000) });
      const changes = (await historyOf(api.url, t.id)).reverse().map((e) => e.changes.map((c) => `${c.kind} ${c.metric}/${c.cycle}`));
      expect(changes, t.id).toEqual([['started first_response/1', 'started resolution/1'], ['achieved first_response/1'], ['started next_response/1']]);
    }

    await waitFor(() => r.slack.messages('#managers').length >= 3, { timeoutMs: 10_000, message: () => `alerts missing${r.diagnostics()}` });
    await sleep(1_000); // a second copy would show by now
    const check = deliveredExactlyOnce(r.slack, alertsOf(urgent));
    expect(check.ok, check.report).toBe(true);
    expect(killedAt, 'the workers must die before the alerts are due').toBeLessThan(t0 + 1_000);
  }, 60_000);

  // Protection: the notify ledger records `posting` before calling Slack and, on a retry that
  // finds `posting` without a ts, looks the message up by its notice id (message metadata)
  // instead of posting again. Without it the re-run of the killed worker's job posts twice.
  it('mid-post to Slack: the interrupted posts are found, not sent again, and the rest arrive once', async () => {
    const r = (rig = await startRig('kill-post', CONFIG, { channels: CHANNELS }));
    const api = await r.launch('api', { SLA_ROLES: 'api' });
    // Slack takes the post at once but answers 2.5 s later: the kill lands between the two.
    const timing = { SLACK_TIMEOUT_MS: '3000', SLACK_POSTING_GRACE_MS: '4000' };
    const first = await r.launch('workers-1', { SLA_ROLES: 'workers', ...timing });
    r.proxy.setMode({ kind: 'slow', answerAfterMs: 2_500, methods: ['chat.postMessage'] });

    const t0 = Date.now();
    const ids = ['P1', 'P2', 'P3'];
    await deliver(api.url, ids.map((id) => genericTicket(id, { createdAt: t0, priority: 'urgent' }).event({ at: t0 })));
    await waitFor(() => r.proxy.postsInFlight >= 1, { timeoutMs: 8_000, intervalMs: 5, message: () => `no post ever in flight${r.diagnostics()}` });
    await first.killHard();
    const committed = r.slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    expect(committed, 'a post reached Slack before the kill').toBeGreaterThan(0);
    r.proxy.setMode({ kind: 'pass' });

    const second = await r.launch('workers-2', { SLA_ROLES: 'workers', ...timing });
    await waitFor(() => r.slack.messages('#leads').length >= 3 && r.slack.messages('#managers').length >= 3, {
      timeoutMs: 15_000,
      message: () => `alerts missing: ${JSON.stringify(deliveredExactlyOnce(r.slack, alertsOf(ids)).report)}${r.diagnostics()}`,
    });
    await sleep(1_500);
    const check = deliveredExactlyOnce(r.slack, alertsOf(ids));
    expect(check.ok, check.report + r.diagnostics()).toBe(true);
    // The protection was exercised: the restarted worker found the interrupted post(s).
    expect(second.logged('found the message of an interrupted post; not posting again').length, r.diagnostics()).toBeGreaterThan(0);
  }, 60_000);
});
