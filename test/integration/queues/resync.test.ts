/**
 * Resync against the running service (real Redis, BullMQ, the fake Slack, Zendesk's API mocked
 * with nock): two tickets whose webhooks were lost while they changed in Zendesk (one solved,
 * one set to pending after an agent's reply) are brought in line by one run of the service's
 * own resync job; reading them again changes nothing, and a run right after reads nothing.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/events.js';
import { EventOrder } from '../../../src/queues/event-order.js';
import { QueueEventIngest } from '../../../src/queues/event-ingest.js';
import { createQueues, type Queues } from '../../../src/queues/queues.js';
import { resyncQueueName } from '../../../src/queues/resync-schedule.js';
import { TEST_REDIS_URL } from '../../support/redis.js';
import { startServiceHarness, waitFor, type ServiceHarness } from '../../support/service-harness.js';

const CONFIG = `
version: resync-test
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: main
    calendar: always
    pause_on: [pending]
    targets:
      sev1: { first_response: 8h, resolution: 24h }
      sev3: { first_response: 8h, resolution: 48h }
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
  zendesk:
    secret: zendesk-test-secret
    subdomain: acme
    write_back: { email: sla-bot@acme.example, api_token: zd-api-token }
    resync: { after: 1h, every: 24h, max_per_run: 10 }
`;

const API = 'https://acme.zendesk.com';
const H = 3_600_000;
const NOW = Date.now();
const CREATED = NOW - 3 * H;

function created(id: string): TicketEvent {
  return {
    source: 'zendesk', eventId: `01JD-created-${id}`, occurredAt: CREATED,
    ticket: {
      id, status: 'open', priority: 'urgent', createdAt: CREATED, subject: `Ticket ${id}`, url: `${API}/agent/tickets/${id}`,
      tags: ['enterprise'], group: 'Tier 1', organization: 'Acme', assignee: null, requester: 'pat@example.com', fields: {},
    },
  };
}

/** Zendesk's "Show Ticket" answer for a ticket as it is now in Zendesk. */
function showTicket(id: string, status: string, updatedAt: number) {
  return {
    ticket: {
      id: Number(id), status, priority: 'urgent', subject: `Ticket ${id}`, tags: ['enterprise'], custom_status_id: null,
      created_at: new Date(CREATED).toISOString(), updated_at: new Date(updatedAt).toISOString(),
      requester_id: 8447388090494, assignee_id: 8447388090495, group_id: 98738, organization_id: 509974,
    },
  };
}

describe('resync from the help desk (real Redis, the service running)', () => {
  let h: ServiceHarness;
  let queues: Queues;
  let redis: Redis;
  let resyncQueue: Queue;
  let runs = 0;

  const outcomes = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await h.service.metrics.resync.get()).values.filter((v) => v.labels.source === 'zendesk').map((v) => [String(v.labels.outcome), v.value]));

  /** Runs the service's resync job once (as its scheduler would) and waits until it is done. */
  async function runResync(): Promise<void> {
    const job = await resyncQueue.add('resync', {}, { jobId: `manual-${++runs}`, removeOnComplete: true, removeOnFail: true });
    await waitFor(async () => (await resyncQueue.getJob(job.id!)) === undefined, { timeoutMs: 8_000, message: 'resync job never finished' });
  }

  beforeAll(async () => {
    h = await startServiceHarness({ name: 'resync', config: CONFIG });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    queues = createQueues(TEST_REDIS_URL, h.prefix);
    resyncQueue = new Queue(resyncQueueName('zendesk'), { connection: new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null }), prefix: `{${h.prefix}}` });
    // The webhooks that did arrive: both tickets created, open, clocks running.
    const ingest = new QueueEventIngest(queues.events, redis, h.service.store.keys, Date.now, new EventOrder(redis, h.service.store.keys));
    await ingest.ingest([created('35436'), created('35437')]);
    for (const id of ['35436', '35437']) await h.waitForTicket(id, (t) => t.timers.length === 2, { source: 'zendesk' });
  });

  afterAll(async () => {
    nock.cleanAll();
    await resyncQueue?.close();
    await (resyncQueue?.opts.connection as Redis | undefined)?.quit();
    await queues?.close();
    await redis?.quit();
    // Deletes only this file's prefix.
    await h?.stop();
  });

  it('brings tickets whose webhooks were lost in line with Zendesk, through the events queue', async () => {
    const solvedAt = NOW - 1.5 * H;
    const pendingAt = NOW - 2 * H;
    const scope = nock(API)
      .get('/api/v2/tickets/35436.json').matchHeader('authorization', /^Basic /).reply(200, showTicket('35436', 'solved', solvedAt))
      .get('/api/v2/tickets/35437.json').reply(200, showTicket('35437', 'pending', pendingAt));

    await runResync();
    expect(scope.isDone()).toBe(true);
    expect(await outcomes()).toEqual({ enqueued: 2 });

    const solved = await h.waitForTicket('35436', (t) => t.status === 'solved', { source: 'zendesk' });
    const resolution = solved.timers.find((t) => t.metric === 'resolution')!;
    // Achieved when Zendesk says the ticket was last updated, not when we found out.
    expect(resolution.state).toBe('achieved');
    expect(resolution.achieved_at).toBe(new Date(solvedAt).toISOString());
    expect(solved.timers.find((t) => t.metric === 'first_response')?.state).toBe('cancelled');

    const pending = await h.waitForTicket('35437', (t) => t.status === 'pending', { source: 'zendesk' });
    expect(pending.timers.every((t) => t.state === 'paused')).toBe(true);
    const state = await h.service.store.get('zendesk', '35437');
    // The ids the API gives did not replace what the webhooks said (policy matching reads these).
    expect(state?.ticket).toMatchObject({ group: 'Tier 1', organization: 'Acme', requester: 'pat@example.com' });
    expect(state?.lastEventAt).toBe(pendingAt);
  });

  it('a run right after reads nothing, and reading the same tickets again changes nothing', async () => {
    const before = await h.service.store.get('zendesk', '35437');
    const history = await h.service.store.history('zendesk', '35437', 50);

    // Tickets just read wait `after` before they are read again: no call to Zendesk.
    await runResync();
    expect(await outcomes()).toEqual({ enqueued: 2 });

    // Forget the reads (this test's own key) so the open ticket is read again: same answer, nothing to do.
    await redis.del(h.service.store.keys.sub('resync', 'zendesk'));
    const scope = nock(API).get('/api/v2/tickets/35437.json').reply(200, showTicket('35437', 'pending', NOW - 2 * H));
    await runResync();
    expect(scope.isDone()).toBe(true);
    expect(await outcomes()).toEqual({ enqueued: 2, unchanged: 1 });
    await h.waitForIdle('events');
    expect(await h.service.store.get('zendesk', '35437')).toEqual(before);
    expect(await h.service.store.history('zendesk', '35437', 50)).toEqual(history);

    // The same snapshot handed in twice is a duplicate at the door: the event-id dedupe holds.
    const ingest = new QueueEventIngest(queues.events, redis, h.service.store.keys);
    const snapshot = { ...before!, ticket: before!.ticket };
    const event: TicketEvent = { source: 'zendesk', eventId: `resync-35437-${NOW - 2 * H}`, occurredAt: NOW - 2 * H, ticket: snapshot.ticket };
    expect(await ingest.ingest([event])).toEqual({ accepted: 0, duplicates: 1 });
  });

  it('counts a failing help desk and keeps going', async () => {
    await redis.del(h.service.store.keys.sub('resync', 'zendesk'));
    nock(API).get('/api/v2/tickets/35437.json').times(3).reply(503);
    await runResync();
    expect(await outcomes()).toMatchObject({ error: 1 });
    // The ticket is untouched and the worker still runs the next job.
    expect((await h.service.store.get('zendesk', '35437'))?.ticket.status).toBe('pending');
    await runResync();
  });

  it('a service started with resync turned off for the source removes the schedule an earlier config left', async () => {
    expect(await resyncQueue.getJobScheduler(resyncQueueName('zendesk'))).toBeDefined();
    const off = await startServiceHarness({ name: 'resync-off', prefix: h.prefix, config: CONFIG.replace(/^\s*resync: .*$/m, '') });
    try {
      expect(off.config.resync?.zendesk).toBeUndefined();
      expect(await resyncQueue.getJobScheduler(resyncQueueName('zendesk'))).toBeUndefined();
      expect(await resyncQueue.getDelayedCount()).toBe(0);
    } finally {
      await off.stop();
    }
  });
});
