/** Help Scout conversation → TicketEvent: tables, overrides, priority sources, comments, deletions, the ticket life. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_HELPSCOUT_STATUSES, normalizeHelpscout, type HelpscoutConfig } from '../../../../integrations/helpscout/index.js';
import type { FieldError } from '../../../../integrations/integration.js';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, lifeTimers, type LifeStep } from '../../../support/ticket-life.js';
import { API_USER_ID, deliveryOf, fixture, helpscoutConfig, RECEIVED_AT } from './helpscout-test-kit.js';

function eventsOf(event: string, body: unknown, config: HelpscoutConfig = helpscoutConfig()): TicketEvent[] {
  const r = normalizeHelpscout(body, deliveryOf(event, body), config);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.events;
}

function errorsOf(event: string | undefined, body: unknown, config: HelpscoutConfig = helpscoutConfig()): FieldError[] {
  const r = normalizeHelpscout(body, deliveryOf(event ?? '', body, event === undefined ? { 'x-helpscout-event': undefined } : {}), config);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

const conv = (over: Record<string, unknown> = {}) => ({ ...fixture('status-pending'), ...over });

describe('helpscout statuses', () => {
  it.each([['active', 'open'], ['open', 'open'], ['pending', 'pending'], ['closed', 'closed'], ['spam', 'closed']])('maps status %s to %s', (status, canonical) => {
    expect(eventsOf('convo.status', conv({ status }))[0]!.ticket.status).toBe(canonical);
  });

  it('covers every default in the table above', () => {
    expect(Object.keys(DEFAULT_HELPSCOUT_STATUSES)).toEqual(['active', 'open', 'pending', 'closed', 'spam']);
  });

  it('marks spam and trashed conversations deleted, and nothing else', () => {
    expect(eventsOf('convo.status', conv({ status: 'spam' }))[0]!.deleted).toBe(true);
    expect(eventsOf('convo.status', conv({ status: 'closed', state: 'deleted' }))[0]!.deleted).toBe(true);
    expect(eventsOf('convo.status', conv({ status: 'closed' }))[0]).not.toHaveProperty('deleted');
  });

  it('lets the config override statuses and the deleted ones', () => {
    const config = helpscoutConfig({ statuses: { pending: 'on_hold', closed: 'solved' }, deleted_statuses: [] });
    expect(eventsOf('convo.status', conv({ status: 'pending' }), config)[0]!.ticket.status).toBe('on_hold');
    expect(eventsOf('convo.status', conv({ status: 'closed' }), config)[0]!.ticket.status).toBe('solved');
    expect(eventsOf('convo.status', conv({ status: 'spam' }), config)[0]).not.toHaveProperty('deleted');
  });

  it('names an unknown status and the config key', () => {
    expect(errorsOf('convo.status', conv({ status: 'snoozed' }))).toEqual([
      { field: 'status', message: expect.stringMatching(/^unknown value "snoozed" \(known: .*\); map it in the config under integrations\.helpscout\.statuses/) },
    ]);
  });

  it('turns convo.deleted ({ id } only) into a closed, deleted snapshot at receipt', () => {
    expect(eventsOf('convo.deleted', fixture('convo-deleted'))).toEqual([
      {
        source: 'helpscout', eventId: 'convo.deleted:2391938111', occurredAt: RECEIVED_AT, deleted: true,
        ticket: {
          id: '2391938111', status: 'closed', priority: null, createdAt: RECEIVED_AT, subject: null, url: null,
          tags: [], group: null, organization: null, assignee: null, requester: null, fields: {},
        },
      },
    ]);
  });
});

describe('helpscout priorities', () => {
  const tagged = (...tags: string[]) => conv({ tags: tags.map((tag, i) => ({ id: i, tag })) });

  it.each<[string[], string | null]>([[['p1'], 'urgent'], [['p2'], 'high'], [['P2', 'p1'], 'urgent'], [['enterprise'], null], [[], null]])(
    'tags %j give priority %s',
    (tags, priority) => {
      expect(eventsOf('convo.tags', tagged(...tags))[0]!.ticket.priority).toBe(priority);
    },
  );

  it('is null without priority_tags or priority_field (the default severity applies)', () => {
    expect(eventsOf('convo.tags', tagged('p1'), helpscoutConfig({ priority_tags: undefined }))[0]!.ticket.priority).toBeNull();
  });

  it.each([['Urgent', 'urgent'], ['High', 'high'], ['Normal', 'normal'], ['Medium', 'normal'], ['Low', 'low']])(
    'maps the priority custom field %s to %s, ahead of tags',
    (text, priority) => {
      const body = tagged('p1');
      body.customFields = [{ id: 11, name: 'Priority', value: '31', text }];
      expect(eventsOf('convo.custom-fields', body, helpscoutConfig({ priority_field: 'priority' }))[0]!.ticket.priority).toBe(priority);
    },
  );

  it('finds the priority field by id, lets the config override values, and names an unknown one', () => {
    const body = conv({ customFields: [{ id: 8, name: 'Plan', value: '6', text: 'Enterprise' }, { id: 11, name: 'Severity', value: '33', text: 'S1' }] });
    expect(eventsOf('convo.custom-fields', body, helpscoutConfig({ priority_field: 11, priorities: { S1: 'urgent' } }))[0]!.ticket.priority).toBe('urgent');
    expect(errorsOf('convo.custom-fields', body, helpscoutConfig({ priority_field: 11 }))).toEqual([
      { field: 'customFields[1].text', message: expect.stringContaining('unknown value "S1"') },
    ]);
    expect(errorsOf('convo.custom-fields', body, helpscoutConfig({ priority_field: 11 }))[0]!.message).toContain('integrations.helpscout.priorities: { "S1": urgent }');
  });
});

describe('helpscout events, comments and keys', () => {
  it.each<[string, 'agent-reply' | 'customer-reply' | 'note-created', TicketEvent['comment'], string, string]>([
    ['convo.agent.reply.created', 'agent-reply', { author: 'agent', public: true }, '7012', '2026-11-24T09:10:00Z'],
    ['convo.customer.reply.created', 'customer-reply', { author: 'customer', public: true }, '7013', '2026-11-24T09:30:00Z'],
    ['convo.note.created', 'note-created', { author: 'agent', public: false }, '7014', '2026-11-24T09:35:00Z'],
  ])('%s adds the comment of its newest thread', (event, name, comment, threadId, at) => {
    const [e] = eventsOf(event, fixture(name));
    expect(e).toMatchObject({ eventId: `${event}:2391938111:${threadId}`, occurredAt: Date.parse(at), comment });
  });

  it('without embedded threads, keys by the latest activity the conversation shows', () => {
    const body = fixture('customer-reply');
    delete body._embedded;
    const [e] = eventsOf('convo.customer.reply.created', body);
    expect(e).toMatchObject({ eventId: 'convo.customer.reply.created:2391938111:2026-11-24T09:30:00.000Z', occurredAt: Date.parse('2026-11-24T09:30:00Z') });
    expect(eventsOf('convo.status', fixture('status-pending'))[0]).toMatchObject({ occurredAt: Date.parse('2026-11-24T09:40:00Z') });
  });

  it('drops notes written by an ignored user (our own notes), not its replies', () => {
    const config = helpscoutConfig({ ignore_user_ids: [API_USER_ID] });
    const note = fixture('note-created');
    note._embedded.threads[0].createdBy.id = API_USER_ID;
    expect(eventsOf('convo.note.created', note, config)).toEqual([]);
    const reply = fixture('agent-reply');
    reply._embedded.threads[0].createdBy.id = API_USER_ID;
    expect(eventsOf('convo.agent.reply.created', reply, config)[0]!.comment).toEqual({ author: 'agent', public: true });
  });

  it('ignores events that carry no conversation, and needs the event header', () => {
    expect(eventsOf('customer.created', { id: 12 })).toEqual([]);
    expect(errorsOf(undefined, fixture('status-pending'))).toEqual([{ field: 'X-HelpScout-Event', message: expect.stringContaining('required') }]);
  });

  it('builds the link from the id and number when the body has none', () => {
    const body = conv();
    delete body._links;
    expect(eventsOf('convo.status', body, helpscoutConfig({ app_url: 'https://secure.helpscout.net/' }))[0]!.ticket.url).toBe('https://secure.helpscout.net/conversation/2391938111/349/');
  });

  it('names bad fields with their paths', () => {
    expect(errorsOf('convo.status', { id: 'x', status: 3, createdAt: 'yesterday', tags: [5] }).map((e) => e.field)).toEqual(['id', 'status', 'createdAt', 'tags[0]']);
    expect(errorsOf('convo.deleted', {})).toEqual([{ field: 'id', message: 'required: the conversation id' }]);
  });
});

describe('helpscout ticket life', () => {
  const EVENT: Record<LifeStep['name'], string> = {
    created: 'convo.created', agentReply: 'convo.agent.reply.created', customerReply: 'convo.customer.reply.created',
    pending: 'convo.agent.reply.created', reopened: 'convo.customer.reply.created', solved: 'convo.agent.reply.created',
  };
  const STATUS: Record<LifeStep['name'], string> = { created: 'active', agentReply: 'active', customerReply: 'active', pending: 'pending', reopened: 'active', solved: 'closed' };

  function lifeDelivery(step: LifeStep, i: number): Record<string, any> {
    const body = fixture('convo-created');
    const by = step.comment?.author === 'agent' ? { id: 256, type: 'user' } : { id: 12, type: 'customer' };
    body.status = STATUS[step.name];
    body.userUpdatedAt = step.at;
    body._embedded.threads = [{ id: 8000 + i, type: by.type === 'user' ? 'message' : 'customer', createdBy: by, createdAt: step.at }];
    return body;
  }

  it('gives the same timers as the generic life (priority from the p2 tag)', () => {
    const events = LIFE.flatMap((step, i) => eventsOf(EVENT[step.name], lifeDelivery(step, i)));
    expect(events.map((e) => [e.ticket.status, e.ticket.priority])).toEqual([
      ['open', 'high'], ['open', 'high'], ['open', 'high'], ['pending', 'high'], ['open', 'high'], ['closed', 'high'],
    ]);
    expect(lifeTimers(events)).toEqual(lifeTimers(genericLife()));
  });
});
