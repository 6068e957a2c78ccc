/** Zammad payload → TicketEvent: the default tables, overrides, errors, comments, deletions, the ticket life. */
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../../integrations/integration.js';
import { DEFAULT_ZAMMAD_PRIORITIES, DEFAULT_ZAMMAD_STATUSES, normalizeZammad, type ZammadConfig } from '../../../../integrations/zammad/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, lifeTimers, type LifeStep } from '../../../support/ticket-life.js';
import { API_USER_ID, deliveryOf, fixture, zammadConfig } from './zammad-test-kit.js';

function eventsOf(body: unknown, config: ZammadConfig = zammadConfig(), headers: Record<string, string> = {}): TicketEvent[] {
  const r = normalizeZammad(body, deliveryOf(body, headers), config);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.events;
}

function errorsOf(body: unknown, config: ZammadConfig = zammadConfig()): FieldError[] {
  const r = normalizeZammad(body, deliveryOf(body), config);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

/** The agent-reply fixture with ticket keys replaced. */
function withTicket(over: Record<string, unknown>, article?: Record<string, unknown> | null): Record<string, any> {
  const body = fixture('agent-reply');
  Object.assign(body.ticket, over);
  if (article !== undefined) body.article = article === null ? {} : { ...body.article, ...article };
  return body;
}

describe('zammad statuses', () => {
  it.each([
    ['new', 'open'], ['open', 'open'], ['pending reminder', 'pending'], ['pending close', 'solved'],
    ['closed', 'closed'], ['merged', 'closed'], ['removed', 'closed'],
  ])('maps state %s to %s', (state, status) => {
    expect(eventsOf(withTicket({ state }))[0]!.ticket.status).toBe(status);
  });

  it.each([[1, 'open'], [2, 'open'], [3, 'pending'], [4, 'closed'], [5, 'closed'], [6, 'closed'], [7, 'solved']])(
    'maps state_id %s to %s when the name is absent',
    (stateId, status) => {
      expect(eventsOf(withTicket({ state: undefined, state_id: stateId }))[0]!.ticket.status).toBe(status);
    },
  );

  it('covers every default in the tables above', () => {
    expect(Object.keys(DEFAULT_ZAMMAD_STATUSES)).toHaveLength(14);
  });

  it.each([['merged', true], ['removed', true], ['closed', false], ['open', false]])('state %s sets deleted: %s', (state, deleted) => {
    const [event] = eventsOf(withTicket({ state }));
    if (deleted) expect(event!.deleted).toBe(true);
    else expect(event).not.toHaveProperty('deleted');
  });

  it('lets the config override a state, add one, and choose which states delete', () => {
    const config = zammadConfig({ statuses: { 'pending close': 'pending', 'waiting for vendor': 'on_hold' }, deleted_states: ['spam'] });
    expect(eventsOf(withTicket({ state: 'pending close' }), config)[0]!.ticket.status).toBe('pending');
    expect(eventsOf(withTicket({ state: 'Waiting for Vendor' }), config)[0]!.ticket.status).toBe('on_hold');
    expect(eventsOf(withTicket({ state: 'merged' }), config)[0]).not.toHaveProperty('deleted');
    expect(eventsOf(withTicket({ state: 'spam' }), zammadConfig({ statuses: { spam: 'closed' }, deleted_states: ['spam'] }))[0]!.deleted).toBe(true);
  });

  it('names an unknown state and the config key', () => {
    expect(errorsOf(withTicket({ state: 'waiting for vendor' }))).toEqual([
      {
        field: 'ticket.state',
        message: expect.stringMatching(/^unknown value "waiting for vendor" \(known: .*\); map it in the config under integrations\.zammad\.statuses, e\.g\./),
      },
    ]);
    expect(errorsOf(withTicket({ state: undefined, state_id: 9 }))[0]).toMatchObject({ field: 'ticket.state_id', message: expect.stringContaining('unknown value "9"') });
    expect(errorsOf(withTicket({ state: undefined, state_id: undefined }))).toEqual([{ field: 'ticket.state', message: 'required: the state name (or ticket.state_id)' }]);
  });
});

describe('zammad priorities', () => {
  it.each([['1 low', 'low'], ['2 normal', 'normal'], ['3 high', 'high'], ['low', 'low'], ['normal', 'normal'], ['high', 'high']])(
    'maps priority %s to %s',
    (name, priority) => {
      expect(eventsOf(withTicket({ priority: { id: 9, name } }))[0]!.ticket.priority).toBe(priority);
    },
  );

  it.each([[1, 'low'], [2, 'normal'], [3, 'high']])('maps priority_id %s to %s when the association is absent', (id, priority) => {
    expect(eventsOf(withTicket({ priority: undefined, priority_id: id }))[0]!.ticket.priority).toBe(priority);
  });

  it('covers every default in the tables above', () => {
    expect(Object.keys(DEFAULT_ZAMMAD_PRIORITIES)).toHaveLength(9);
  });

  it('lets the config override and add priorities; no priority at all is null', () => {
    const config = zammadConfig({ priorities: { '3 high': 'urgent', '4 critical': 'urgent' } });
    expect(eventsOf(withTicket({ priority: { name: '3 high' } }), config)[0]!.ticket.priority).toBe('urgent');
    expect(eventsOf(withTicket({ priority: { name: '4 critical' } }), config)[0]!.ticket.priority).toBe('urgent');
    expect(eventsOf(withTicket({ priority: {}, priority_id: null }))[0]!.ticket.priority).toBeNull();
  });

  it('names an unknown priority and the config key', () => {
    expect(errorsOf(withTicket({ priority: { name: '4 critical' } }))).toEqual([
      { field: 'ticket.priority.name', message: expect.stringContaining('unknown value "4 critical"') },
    ]);
    expect(errorsOf(withTicket({ priority: { name: '4 critical' } }))[0]!.message).toContain('integrations.zammad.priorities: { "4 critical": urgent }');
  });

  it('reports an unknown state and priority together', () => {
    expect(errorsOf(withTicket({ state: 'x', priority: { name: 'y' } })).map((e) => e.field)).toEqual(['ticket.state', 'ticket.priority.name']);
  });
});

describe('zammad articles and actors', () => {
  it.each<[string, Record<string, unknown>, TicketEvent['comment'] | undefined]>([
    ['a public agent email', { sender: 'Agent', type: 'email', internal: false }, { author: 'agent', public: true }],
    ['an internal agent note', { sender: 'Agent', type: 'note', internal: true }, { author: 'agent', public: false }],
    ['a non-internal note (Zammad counts no note as a reply)', { sender: 'Agent', type: 'note', internal: false }, { author: 'agent', public: false }],
    ['a customer web message', { sender: 'Customer', type: 'web', internal: false }, { author: 'customer', public: true }],
    ['a sender given by id only', { sender: null, sender_id: 2, type: 'phone' }, { author: 'customer', public: true }],
    ['a System article', { sender: 'System', type: 'note' }, undefined],
  ])('maps %s', (_name, article, comment) => {
    const [event] = eventsOf(withTicket({}, article));
    if (comment === undefined) expect(event).not.toHaveProperty('comment');
    else expect(event!.comment).toEqual(comment);
  });

  it('counts notes as replies when internal_article_types is emptied', () => {
    expect(eventsOf(withTicket({}, { type: 'note', internal: false }), zammadConfig({ internal_article_types: [] }))[0]!.comment).toEqual({ author: 'agent', public: true });
  });

  it('drops internal notes by an ignored user (our API user), and nothing else it does', () => {
    const config = zammadConfig({ ignore_user_ids: [String(API_USER_ID)] });
    expect(eventsOf(withTicket({}, { created_by_id: API_USER_ID, type: 'note', internal: true }), config)).toEqual([]);
    expect(eventsOf(withTicket({}, { created_by_id: API_USER_ID, type: 'email', internal: false }), config)[0]!.comment).toEqual({ author: 'agent', public: true });
    expect(eventsOf(withTicket({ updated_by_id: API_USER_ID, state: 'pending reminder' }, null), config)[0]!.ticket.status).toBe('pending');
  });

  it('keys events by X-Zammad-Delivery, else by ticket, update instant and article', () => {
    expect(eventsOf(fixture('agent-reply'), zammadConfig(), { 'x-zammad-delivery': 'job-1' })[0]!.eventId).toBe('job-1');
    expect(eventsOf(fixture('agent-reply'))[0]!.eventId).toBe('81:2026-11-24T09:10:00.000Z:105');
  });

  it('names bad fields with their paths', () => {
    expect(errorsOf({ ticket: { id: 'abc', created_at: 'yesterday', updated_at: '2026-11-24T09:00:00Z', state: 'open', tags: 'x' } })).toEqual([
      { field: 'ticket.id', message: 'must be the numeric ticket id; got "abc"' },
      { field: 'ticket.tags', message: 'must be an array; got "x"' },
      { field: 'ticket.created_at', message: expect.stringContaining('must be an ISO 8601 date-time') },
    ]);
    expect(errorsOf([])).toEqual([{ field: '(root)', message: expect.stringContaining('must be the JSON object of a Zammad webhook') }]);
  });
});

describe('zammad ticket life', () => {
  const SENDER = { agent: 'Agent', customer: 'Customer' } as const;
  const STATE: Record<LifeStep['name'], string> = {
    created: 'new', agentReply: 'open', customerReply: 'open', pending: 'pending reminder', reopened: 'open', solved: 'closed',
  };

  function lifeDelivery(step: LifeStep, i: number): Record<string, any> {
    const body = fixture('agent-reply');
    Object.assign(body.ticket, { id: 42, state: STATE[step.name], priority: { id: 3, name: '3 high' }, created_at: '2026-11-24T09:00:00Z', updated_at: step.at });
    // Zammad's creation webhook carries the customer's first article; the life has no comment there.
    const comment = step.comment ?? { author: 'customer', public: true };
    body.article = { id: 200 + i, sender: SENDER[comment.author], internal: !comment.public, type: 'email', created_at: step.at };
    return body;
  }

  it('gives the same timers as the generic life', () => {
    const events = LIFE.flatMap((step, i) => eventsOf(lifeDelivery(step, i)));
    expect(events.map((e) => e.ticket.status)).toEqual(['open', 'open', 'open', 'pending', 'open', 'closed']);
    expect(lifeTimers(events)).toEqual(lifeTimers(genericLife()));
  });
});
