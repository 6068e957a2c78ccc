/**
 * The checkpoint reconciler against the running service (real Redis, BullMQ, the fake Slack):
 * a checkpoint job deleted behind the service's back, or blocked by a failed job holding its
 * id, is recreated and the alerts still reach Slack exactly once; bogus delayed jobs are
 * removed; and a workers process reconciles as it starts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import { CheckpointReconciler } from '../../../src/queues/checkpoint-reconciler.js';
import { CheckpointScheduler } from '../../../src/queues/checkpoint-scheduler.js';
import { checkpointJobId } from '../../../src/queues/job-ids.js';
import { createQueues, type Queues } from '../../../src/queues/queues.js';
import { genericTicket } from '../../support/generic-webhook.js';
import { TEST_REDIS_URL } from '../../support/redis.js';
import { noticeIdOf, sleep, startServiceHarness, waitFor, type ServiceHarness } from '../../support/service-harness.js';

const CONFIG = `
version: reconcile-test
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
      sev3: { first_response: 1h }
    alerts:
      - at: 50%
        notify: [{ slack: "#leads" }]
      - at: breach
        notify: [{ slack: "#managers" }]
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

const HOUR = 3_600_000;
const notice = (id: string, key: 'percent:50' | 'breach') => `generic/${id}/first_response/1/${key}`;

let h: ServiceHarness | undefined;
let queues: Queues | undefined;
afterEach(async () => {
  await queues?.close();
  await h?.stop();
  h = undefined;
  queues = undefined;
});

function reconcilerOn(harness: ServiceHarness, q: Queues, metrics: Metrics): CheckpointReconciler {
  return new CheckpointReconciler({
    store: harness.service.store, queue: q.checkpoints, redis: q.connection, scheduler: new CheckpointScheduler(q.checkpoints, Date.now), metrics, logger: createLogger('silent'), batchSize: 2,
  });
}

async function repaired(metrics: Metrics): Promise<Record<string, number>> {
  return Object.fromEntries((await metrics.reconcilerRepaired.get()).values.map((v) => [String(v.labels.kind), v.value]));
}

/** Puts a checkpoint job in BullMQ's failed state, as 12 failed attempts would leave it (kept a week, holding its id). */
async function failJob(q: Queues, source: string, ticketId: string, at: number): Promise<string> {
  const jobId = checkpointJobId(source, ticketId, at);
  await q.checkpoints.add('checkpoint', [source, ticketId, at], { jobId, delay: HOUR });
  await q.connection.multi()
    .zrem(q.checkpoints.keys.delayed!, jobId)
    .hset(q.checkpoints.toKey(jobId), 'finishedOn', String(Date.now()), 'failedReason', 'boom', 'attemptsMade', '12')
    .zadd(q.checkpoints.keys.failed!, Date.now(), jobId)
    .exec();
  return jobId;
}

describe('checkpoint reconciler', () => {
  it('recreates missing and failed-blocked checkpoint jobs, removes stale ones, and every alert still arrives once', async () => {
    h = await startServiceHarness({ name: 'reconcile', config: CONFIG });
    const q = (queues = createQueues(TEST_REDIS_URL, h.prefix));
    const t0 = Date.now();
    await h.sendBatch([genericTicket('R1', { createdAt: t0, priority: 'urgent' }).event({ at: t0 }), genericTicket('R2', { createdAt: t0, priority: 'urgent' }).event({ at: t0 }), genericTicket('R3', { createdAt: t0 }).event({ at: t0 })]);
    for (const id of ['R1', 'R2', 'R3']) await h.waitForTicket(id);
    const r1 = (await h.service.store.get('generic', 'R1'))!;
    const r2 = (await h.service.store.get('generic', 'R2'))!;
    expect(r1.checkpointAt).toBe(r1.ticket.createdAt + 2_000);

    // Behind the service's back: R1's job deleted; R2's replaced by a failed job with its id (a plain add is then a no-op).
    expect(await q.checkpoints.remove(checkpointJobId('generic', 'R1', r1.checkpointAt!))).toBe(1);
    expect(await q.checkpoints.remove(checkpointJobId('generic', 'R2', r2.checkpointAt!))).toBe(1);
    const failedId = await failJob(q, 'generic', 'R2', r2.checkpointAt!);
    await q.checkpoints.add('checkpoint', ['generic', 'R2', r2.checkpointAt!], { jobId: failedId });
    expect(await q.checkpoints.getJobState(failedId)).toBe('failed');
    // And two bogus delayed jobs: R1 at an instant it does not have, and a ticket that does not exist.
    const bogus = [checkpointJobId('generic', 'R1', t0 + HOUR), checkpointJobId('generic', 'GHOST', t0 + HOUR)];
    await q.checkpoints.add('checkpoint', ['generic', 'R1', t0 + HOUR], { jobId: bogus[0]!, delay: HOUR });
    await q.checkpoints.add('checkpoint', ['generic', 'GHOST', t0 + HOUR], { jobId: bogus[1]!, delay: HOUR });

    const metrics = createMetrics({ defaults: false });
    const report = await reconcilerOn(h, q, metrics).run();
    expect(Date.now(), 'the repair must land before the first alert is due').toBeLessThan(t0 + 2_000);
    expect(report).toMatchObject({ checked: 3, missing: 2, stale: 2 });
    expect(await repaired(metrics)).toEqual({ missing: 2, stale: 2 });
    expect(await q.checkpoints.getJobState(checkpointJobId('generic', 'R1', r1.checkpointAt!))).toBe('delayed');
    expect(await q.checkpoints.getJobState(failedId)).toBe('delayed');
    for (const id of bogus) expect(await q.checkpoints.getJob(id)).toBeUndefined();
    // R3's job (due in an hour) was right all along.
    const r3 = (await h.service.store.get('generic', 'R3'))!;
    expect(await q.checkpoints.getJobState(checkpointJobId('generic', 'R3', r3.checkpointAt!))).toBe('delayed');

    const delivered = (channel: string) => h!.slack.messages(channel).map(noticeIdOf).sort();
    await waitFor(() => delivered('#managers').length >= 2, { timeoutMs: 8_000, message: () => `alerts: ${JSON.stringify(h!.slack.calls.map((c) => c.method))}` });
    await sleep(500); // a second copy would show by now
    expect(delivered('#leads')).toEqual([notice('R1', 'percent:50'), notice('R2', 'percent:50')]);
    expect(delivered('#managers')).toEqual([notice('R1', 'breach'), notice('R2', 'breach')]);

    // Nothing left to repair.
    expect(await reconcilerOn(h, q, metrics).run()).toMatchObject({ missing: 0, stale: 0 });
  });

  it('puts back a stale-looking job when its ticket comes back to that instant, and takes back a recreated one its ticket left', async () => {
    h = await startServiceHarness({ name: 'reconcile-race', config: CONFIG });
    const q = (queues = createQueues(TEST_REDIS_URL, h.prefix));
    const t0 = Date.now();
    await h.send(genericTicket('R4', { createdAt: t0 }).event({ at: t0 }));
    await h.waitForTicket('R4');
    const at = (await h.service.store.get('generic', 'R4'))!.checkpointAt!;
    const metrics = createMetrics({ defaults: false });
    // The store as a reconciler reading mid-change sees it: the first reads (scan, then the
    // stale pass's batch read) find the ticket at another instant; the re-checks find the truth.
    const store = h.service.store;
    const shifted = (states: Awaited<ReturnType<typeof store.getMany>>) => states.map((s) => ({ ...s, checkpointAt: at + 1 }));
    const racing = {
      scanActive: async (cursor: string, count: number) => {
        const step = await store.scanActive(cursor, count);
        return { ...step, states: shifted(step.states) };
      },
      getMany: async (tickets: ReadonlyArray<{ source: string; ticketId: string }>) => shifted(await store.getMany(tickets)),
      get: store.get.bind(store),
    };
    const reconciler = new CheckpointReconciler({ store: racing, queue: q.checkpoints, redis: q.connection, scheduler: new CheckpointScheduler(q.checkpoints, Date.now), metrics, logger: createLogger('silent') });
    expect(await reconciler.run()).toMatchObject({ checked: 1, missing: 0, stale: 0 });
    expect(await q.checkpoints.getJobState(checkpointJobId('generic', 'R4', at))).toBe('delayed');
    expect(await q.checkpoints.getJob(checkpointJobId('generic', 'R4', at + 1))).toBeUndefined();
    expect(await repaired(metrics)).toEqual({});
  });

  it('runs when a workers process starts: a job lost while no worker ran is recreated, its alert arrives once', async () => {
    h = await startServiceHarness({ name: 'reconcile-start', config: CONFIG, roles: { api: true, workers: false } });
    const api = h;
    const q = (queues = createQueues(TEST_REDIS_URL, api.prefix));
    const first = await api.startPeer({ roles: { api: false, workers: true } });
    const t0 = Date.now();
    await api.send(genericTicket('S1', { createdAt: t0, priority: 'urgent' }).event({ at: t0 }));
    await api.waitForTicket('S1');
    await first.close();
    const at = (await api.service.store.get('generic', 'S1'))!.checkpointAt!;
    expect(await q.checkpoints.remove(checkpointJobId('generic', 'S1', at))).toBe(1);

    const second = await api.startPeer({ roles: { api: false, workers: true } });
    await waitFor(async () => (await repaired(second.metrics)).missing === 1, { timeoutMs: 5_000, message: 'the start run never recreated the job' });
    const delivered = (channel: string) => api.slack.messages(channel).map(noticeIdOf);
    await waitFor(() => delivered('#managers').length >= 1, { timeoutMs: 8_000, message: 'no breach alert' });
    await sleep(500);
    expect(delivered('#leads')).toEqual([notice('S1', 'percent:50')]);
    expect(delivered('#managers')).toEqual([notice('S1', 'breach')]);
    expect(await (await fetch(`${second.url}/metrics`)).text()).toMatch(/sla_timer_reconciler_repaired_total\{kind="missing"\} 1/);
  });
});
