/** The resync planner and the per-ticket decision: pure, literal instants, table-driven. */
import { describe, expect, it } from 'vitest';
import type { TicketEvent, TicketSnapshot } from '../../../src/events.js';
import type { TicketState } from '../../../src/sla/index.js';
import { decideResync } from '../../../src/queues/resync-decision.js';
import { planResync, type ResyncCandidate } from '../../../src/queues/resync-plan.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-24T18:00:00Z');
const settings = { afterMs: 6 * H, maxPerRun: 3 };
const c = (ticketId: string, hoursAgo: number): ResyncCandidate => ({ ticketId, lastEventAt: NOW - hoursAgo * H });

describe('planResync', () => {
  const cases: Array<{ name: string; candidates: ResyncCandidate[]; checked?: Array<[string, number]>; max?: number; want: string[] }> = [
    { name: 'nothing open, nothing to read', candidates: [], want: [] },
    { name: 'events newer than `after` keep a ticket out', candidates: [c('a', 1), c('b', 5.99)], want: [] },
    { name: 'exactly `after` old is due', candidates: [c('a', 6)], want: ['a'] },
    { name: 'oldest news first', candidates: [c('a', 7), c('b', 30), c('c', 12)], want: ['b', 'c', 'a'] },
    { name: 'capped at max_per_run, keeping the oldest', candidates: [c('a', 7), c('b', 30), c('c', 12), c('d', 8), c('e', 100)], want: ['e', 'b', 'c'] },
    { name: 'ties broken by id, so a plan is stable', candidates: [c('z', 10), c('m', 10), c('a', 10)], want: ['a', 'm', 'z'] },
    { name: 'a recent read counts like an event', candidates: [c('a', 48), c('b', 10)], checked: [['a', NOW - 1 * H]], want: ['b'] },
    {
      name: 'quiet tickets take turns: the ones read last run go behind the rest',
      candidates: [c('a', 50), c('b', 49), c('c', 48), c('d', 20), c('e', 19)],
      checked: [['a', NOW - 6.5 * H], ['b', NOW - 6.5 * H], ['c', NOW - 6.5 * H]],
      want: ['d', 'e', 'a'],
    },
    { name: 'a read older than the last event changes nothing', candidates: [c('a', 7)], checked: [['a', NOW - 40 * H]], want: ['a'] },
    { name: 'max_per_run 0 reads nothing', candidates: [c('a', 7)], max: 0, want: [] },
  ];
  for (const t of cases) {
    it(t.name, () => {
      expect(planResync(t.candidates, new Map(t.checked ?? []), { ...settings, maxPerRun: t.max ?? settings.maxPerRun }, NOW)).toEqual(t.want);
    });
  }
});

const snapshot = (over: Partial<TicketSnapshot> = {}): TicketSnapshot => ({
  id: '35436', status: 'open', priority: 'urgent', createdAt: NOW - 48 * H, subject: 'Checkout is down', url: 'https://acme.zendesk.com/agent/tickets/35436',
  tags: ['enterprise'], group: 'Tier 1', organization: 'Acme', assignee: 'Dana', requester: 'pat@example.com', fields: { plan: 'gold' }, ...over,
});
const stored = (over: Partial<TicketState> = {}): TicketState => ({
  source: 'zendesk', ticketId: '35436', ticket: snapshot(), policyId: 'p', severityId: 'sev1', configVersion: null, lastEventAt: NOW - 10 * H,
  pauses: [], firstAgentReplyAt: null, lastAgentReplyAt: null, lastCustomerCommentAt: null, deleted: false, timers: [], applied: [], outbox: [], checkpointAt: null, ...over,
});
const fetched = (updatedHoursAgo: number, over: Partial<TicketSnapshot> = {}): TicketEvent => ({
  source: 'zendesk', eventId: `resync-35436-${NOW - updatedHoursAgo * H}`, occurredAt: NOW - updatedHoursAgo * H,
  ticket: snapshot({ group: '98738', organization: '509974', assignee: '8447', requester: '8446', fields: {}, ...over }),
});
const keepsStored = ['group', 'organization', 'assignee', 'requester', 'fields'] as const;

describe('decideResync', () => {
  it('ingests news, keeping the fields the API cannot render like the webhooks', () => {
    const d = decideResync({ stored: stored(), fetched: fetched(2, { status: 'solved' }), keepsStored, onNotFound: 'keep', now: NOW });
    expect(d.kind).toBe('ingest');
    if (d.kind !== 'ingest') return;
    expect(d.event.ticket).toEqual(snapshot({ status: 'solved' }));
    expect(d.event.eventId).toBe(`resync-35436-${NOW - 2 * H}`);
  });

  it('skips a snapshot the ticket already holds, and one older than its last event', () => {
    expect(decideResync({ stored: stored(), fetched: fetched(10), keepsStored, onNotFound: 'keep', now: NOW })).toEqual({ kind: 'unchanged' });
    expect(decideResync({ stored: stored(), fetched: fetched(12, { status: 'solved' }), keepsStored, onNotFound: 'keep', now: NOW })).toEqual({ kind: 'unchanged' });
    // Updated since (an internal note, ours or an agent's) but the same ticket: nothing to apply.
    expect(decideResync({ stored: stored(), fetched: fetched(1), keepsStored, onNotFound: 'keep', now: NOW })).toEqual({ kind: 'unchanged' });
  });

  it('ingests a different ticket at the same instant (a webhook lost within the same second)', () => {
    expect(decideResync({ stored: stored(), fetched: fetched(10, { priority: 'low' }), keepsStored, onNotFound: 'keep', now: NOW }).kind).toBe('ingest');
  });

  it('without keepsStored every field comes from the tool', () => {
    const d = decideResync({ stored: stored(), fetched: fetched(2), onNotFound: 'keep', now: NOW });
    expect(d.kind === 'ingest' && d.event.ticket.group).toBe('98738');
  });

  it('keeps the clocks on a 404 unless told to cancel; a cancel is a deletion event named after the last event', () => {
    expect(decideResync({ stored: stored(), fetched: null, onNotFound: 'keep', now: NOW })).toEqual({ kind: 'not_found' });
    expect(decideResync({ stored: undefined, fetched: null, onNotFound: 'cancel', now: NOW })).toEqual({ kind: 'not_found' });
    const d = decideResync({ stored: stored(), fetched: null, onNotFound: 'cancel', now: NOW });
    expect(d).toEqual({
      kind: 'cancel',
      event: { source: 'zendesk', eventId: `resync-gone-35436-${NOW - 10 * H}`, occurredAt: NOW, ticket: snapshot(), deleted: true },
    });
  });
});
