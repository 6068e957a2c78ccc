/** One resync run with fakes: what is read, what goes to the door, and how a failing or throttling tool is handled. */
import { describe, expect, it } from 'vitest';
import type { TicketEvent, TicketReader } from '../../../src/events.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import { ResyncRunner } from '../../../src/queues/resync-runner.js';
import type { TicketState } from '../../../src/sla/index.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-24T18:00:00Z');

function state(ticketId: string, hoursAgo: number, source = 'zendesk'): TicketState {
  return {
    source, ticketId, policyId: 'p', severityId: 'sev1', configVersion: null, lastEventAt: NOW - hoursAgo * H, pauses: [],
    ticket: { id: ticketId, status: 'open', priority: 'urgent', createdAt: NOW - 50 * H, subject: null, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {} },
    firstAgentReplyAt: null, lastAgentReplyAt: null, lastCustomerCommentAt: null, deleted: false, timers: [], applied: [], outbox: [], checkpointAt: null,
  };
}

function setup(states: TicketState[], read: (id: string) => Promise<TicketEvent | null>, onNotFound: 'keep' | 'cancel' = 'keep') {
  const ingested: TicketEvent[] = [];
  const reads: string[] = [];
  const marked: string[] = [];
  const metrics = createMetrics({ defaults: false });
  const reader: TicketReader = { read: (id) => (reads.push(id), read(id)) };
  const runner = new ResyncRunner({
    store: {
      scanActive: async (cursor) => (cursor === '0' ? { cursor: '7', states: states.slice(0, 2) } : { cursor: '0', states: states.slice(2) }),
      get: async (source, id) => states.find((s) => s.source === source && s.ticketId === id),
    },
    ledger: { checkedSince: async () => new Map(), markRead: async (_s, ids) => void marked.push(...ids) },
    ingest: { ingest: async (events) => (ingested.push(...events), { accepted: events.length, duplicates: 0 }) },
    reader: (source) => (source === 'zendesk' ? reader : undefined),
    settings: (source) => (source === 'zendesk' ? { afterMs: 6 * H, maxPerRun: 10, onNotFound } : undefined),
    clock: () => NOW,
    metrics,
    logger: createLogger('silent'),
    batchSize: 2,
  });
  const outcomes = async () => Object.fromEntries((await metrics.resync.get()).values.map((v) => [String(v.labels.outcome), v.value]));
  return { runner, ingested, reads, marked, outcomes };
}

const snapshotOf = (s: TicketState, status: TicketEvent['ticket']['status'], hoursAgo: number): TicketEvent => ({
  source: s.source, eventId: `resync-${s.ticketId}-${NOW - hoursAgo * H}`, occurredAt: NOW - hoursAgo * H, ticket: { ...s.ticket, status },
});

describe('ResyncRunner', () => {
  it('reads only due tickets of its source, across scan steps, oldest first, and enqueues what changed', async () => {
    const states = [state('1', 7), state('2', 1), state('3', 30, 'jira'), state('4', 20)];
    const { runner, ingested, reads, marked, outcomes } = setup(states, async (id) => {
      const s = states.find((x) => x.ticketId === id)!;
      return id === '4' ? snapshotOf(s, 'solved', 3) : snapshotOf(s, 'open', 7);
    });
    const report = await runner.run('zendesk');
    expect(reads).toEqual(['4', '1']);
    expect(marked).toEqual(['4', '1']);
    expect(ingested.map((e) => [e.ticket.id, e.ticket.status])).toEqual([['4', 'solved']]);
    expect(report).toMatchObject({ planned: 2, enqueued: 1, unchanged: 1, errors: 0, deferred: 0 });
    expect(await outcomes()).toEqual({ enqueued: 1, unchanged: 1 });
  });

  it('stops the run when the tool says 429, leaving the rest for the next run unmarked', async () => {
    const states = [state('1', 9), state('2', 8), state('3', 7)];
    const { runner, reads, marked, outcomes } = setup(states, async (id) => {
      if (id === '2') throw Object.assign(new Error('GET /api/v2/tickets/2.json answered 429'), { status: 429, retryAfterMs: 60_000 });
      return null;
    });
    const report = await runner.run('zendesk');
    expect(reads).toEqual(['1', '2']);
    expect(marked).toEqual(['1']);
    expect(report).toMatchObject({ notFound: 1, deferred: 2 });
    expect(await outcomes()).toEqual({ not_found: 1, rate_limited: 1 });
  });

  it('gives up the run after three failures in a row, counting each', async () => {
    const states = [state('1', 9), state('2', 8), state('3', 7), state('4', 6.5)];
    const { runner, reads, outcomes } = setup(states, async () => {
      throw Object.assign(new Error('GET answered 503'), { status: 503 });
    });
    const report = await runner.run('zendesk');
    expect(reads).toEqual(['1', '2', '3']);
    expect(report).toMatchObject({ errors: 3, deferred: 1 });
    expect(await outcomes()).toEqual({ error: 3 });
  });

  it('cancels on a 404 only when told, through the same door', async () => {
    const states = [state('1', 9)];
    const keep = setup(states, async () => null, 'keep');
    await keep.runner.run('zendesk');
    expect(keep.ingested).toEqual([]);
    const cancel = setup(states, async () => null, 'cancel');
    await cancel.runner.run('zendesk');
    expect(cancel.ingested).toMatchObject([{ source: 'zendesk', eventId: `resync-gone-1-${NOW - 9 * H}`, deleted: true }]);
    expect(await cancel.outcomes()).toEqual({ cancelled: 1 });
  });

  it('does nothing for a source without settings or reader', async () => {
    const { runner, reads } = setup([state('1', 9, 'jira')], async () => null);
    expect(await runner.run('jira')).toMatchObject({ planned: 0 });
    expect(reads).toEqual([]);
  });
});
