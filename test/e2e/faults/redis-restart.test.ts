/**
 * Fault: Redis restarted in the middle of a run. A private redis-server (its own port and
 * folder, append-only file on) serves an API process and a workers process; it is shut down
 * while Slack posts are in flight and webhooks keep arriving, and started again two seconds
 * later on the same port and folder. Nothing restarts the service: it reconnects on its own.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { genericTicket, iso, type GenericTicket } from '../../support/generic-webhook.js';
import { sleep, waitFor } from '../../support/service-harness.js';
import { deliver, deliveredExactlyOnce, startRig, ticketOf, waitForIdle, type FaultRig } from './support/fault-kit.js';
import { PrivateRedis } from './support/private-redis.js';
import { buildService } from './support/service-process.js';

const CONFIG = `
version: faults-redis
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: fast
    calendar: always
    targets:
      sev1: { first_response: 4s }
      sev3: { first_response: 1h, resolution: 8h }
    alerts:
      - at: 50%
        notify: [{ slack: "#leads" }]
      - at: breach
        notify: [{ slack: "#managers" }]
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

const notice = (id: string, key: 'percent:50' | 'breach') => `generic/${id}/first_response/1/${key}`;

let rig: FaultRig | undefined;
let redis: PrivateRedis | undefined;
beforeAll(() => buildService(), 180_000);
afterEach(async () => {
  await rig?.close();
  await redis?.stop();
  rig = undefined;
  redis = undefined;
});

describe('Redis restarted mid-run', () => {
  // Protections: a webhook answers 202 only once its events are in Redis (503 otherwise, and
  // the sender retries); Redis keeps them (AOF); the workers' connections reconnect and retry
  // without limit; a post whose ts could not be recorded (Redis gone) is looked up in Slack by
  // its notice id before any re-post. Without the 503 events are lost; without the lookup the
  // interrupted posts arrive twice; without reconnection the timers stop.
  it('reconnects by itself: no event lost, timers carry on, every alert once', async () => {
    redis = new PrivateRedis();
    await redis.start();
    const r = (rig = await startRig('redis-restart', CONFIG, { redisUrl: redis.url, channels: ['#leads', '#managers'] }));
    const api = await r.launch('api', { SLA_ROLES: 'api' });
    const workers = await r.launch('workers', { SLA_ROLES: 'workers', SLACK_TIMEOUT_MS: '2500', SLACK_POSTING_GRACE_MS: '3000', NOTIFY_RETRY_MAX_MS: '1000' });

    const base = Date.now() - 60_000;
    const tickets: GenericTicket[] = Array.from({ length: 60 }, (_, i) => genericTicket(`Q${i}`, { createdAt: base }));
    await deliver(api.url, tickets.map((t) => t.event({ at: base })));
    // Slack takes each post at once and answers 1.5 s later: Redis goes away in between.
    r.proxy.setMode({ kind: 'slow', answerAfterMs: 1_500, methods: ['chat.postMessage'] });
    const t0 = Date.now();
    const urgent = ['R1', 'R2', 'R3'];
    await deliver(api.url, urgent.map((id) => genericTicket(id, { createdAt: t0, priority: 'urgent' }).event({ at: t0 })));
    await waitForIdle(redis.url, r.prefix, 'events');

    await waitFor(() => r.proxy.postsInFlight >= 1, { timeoutMs: 8_000, intervalMs: 5, message: () => `no post in flight${r.diagnostics()}` });
    await redis.shutdown();
    const downAt = Date.now();
    // Webhooks keep coming while Redis is away: each is retried until it is accepted.
    const replies = Promise.all(tickets.map((t, i) => sleep(i * 20).then(() => deliver(api.url, t.event({ at: base + 10_000, status: 'open', comment: 'agent' }), { timeoutMs: 30_000 }))));
    await sleep(2_000);
    await redis.start();
    r.proxy.setMode({ kind: 'pass' });
    expect(downAt, 'Redis must go before the breaches are due').toBeLessThan(t0 + 4_000);

    const answers = await replies;
    expect(answers.reduce((n, a) => n + a.accepted + a.duplicates, 0)).toBe(tickets.length);
    await waitForIdle(redis.url, r.prefix, 'events', 20_000);
    for (const t of tickets) {
      const timer = (await ticketOf(api.url, t.id))?.timers.find((x) => x.metric === 'first_response');
      expect(timer, t.id).toMatchObject({ state: 'achieved', achieved_at: iso(base + 10_000) });
    }

    const expected = { '#leads': urgent.map((id) => notice(id, 'percent:50')), '#managers': urgent.map((id) => notice(id, 'breach')) };
    await waitFor(() => deliveredExactlyOnce(r.slack, expected).ok, { timeoutMs: 20_000, message: () => `${deliveredExactlyOnce(r.slack, expected).report}${r.diagnostics()}` });
    await sleep(3_500); // past the posting grace: a second copy would show by now
    const check = deliveredExactlyOnce(r.slack, expected);
    expect(check.ok, check.report).toBe(true);
    // The interrupted posts were found in Slack, not posted again.
    expect(workers.logged('found the message of an interrupted post; not posting again').length, r.diagnostics()).toBeGreaterThan(0);
    // Neither process restarted, and the breaches (due after Redis came back) fired at their instants.
    expect(api.exit).toBeUndefined();
    expect(workers.exit).toBeUndefined();
    for (const id of urgent) expect((await ticketOf(api.url, id))?.timers[0], id).toMatchObject({ state: 'breached', breached_at: iso(t0 + 4_000) });
  }, 90_000);
});
