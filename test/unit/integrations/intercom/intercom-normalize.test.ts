/** Intercom notification → TicketEvent: tables, overrides, parts, actors, deletions, the ticket life. */
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../../integrations/integration.js';
import { DEFAULT_INTERCOM_PRIORITIES, DEFAULT_INTERCOM_STATUSES, normalizeIntercom, type IntercomConfig } from '../../../../integrations/intercom/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, lifeTimers } from '../../../support/ticket-life.js';
import { deliveryOf, fixture, intercomConfig, RECEIVED_AT, T0 } from './intercom-test-kit.js';

function eventsOf(body: unknown, config: IntercomConfig = intercomConfig()): TicketEvent[] {
  const r = normalizeIntercom(body, deliveryOf(body), config);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.events;
}

function errorsOf(body: unknown, config: IntercomConfig = intercomConfig()): FieldError[] {
  const r = normalizeIntercom(body, deliveryOf(body), config);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

/** The admin-replied notification with item keys replaced. */
function withItem(over: Record<string, unknown>): Record<string, any> {
  const body = fixture('conversation-admin-replied');
  Object.assign(body.data.item, over);
  return body;
}

const part = (part_type: string, author: Record<string, unknown>, body: string | null = '<p>text</p>', created_at = T0 + 600) => ({
  type: 'conversation_part', id: '9100', part_type, body, created_at, author,
});
const ADMIN = { type: 'admin', id: '814860', name: 'Dana Agent', email: 'dana@example.com' };
const withParts = (...parts: unknown[]) => withItem({ conversation_parts: { type: 'conversation_part.list', conversation_parts: parts, total_count: parts.length } });

describe('intercom statuses and priorities', () => {
  it.each([['open', 'open'], ['snoozed', 'pending'], ['closed', 'solved']])('maps state %s to %s', (state, status) => {
    expect(eventsOf(withItem({ state }))[0]!.ticket.status).toBe(status);
  });

  it.each<[boolean, number | null, string]>([[true, null, 'open'], [false, T0 + 86400, 'pending'], [false, null, 'solved']])(
    'without state, reads open=%s snoozed_until=%s as %s',
    (open, snoozedUntil, status) => {
      expect(eventsOf(withItem({ state: undefined, open, snoozed_until: snoozedUntil }))[0]!.ticket.status).toBe(status);
    },
  );

  it.each([['priority', 'high'], ['not_priority', 'normal']])('maps priority %s to %s', (raw, priority) => {
    expect(eventsOf(withItem({ priority: raw }))[0]!.ticket.priority).toBe(priority);
  });

  it('covers every default in the tables above; no priority is null', () => {
    expect(Object.keys(DEFAULT_INTERCOM_STATUSES)).toEqual(['open', 'snoozed', 'closed']);
    expect(Object.keys(DEFAULT_INTERCOM_PRIORITIES)).toEqual(['priority', 'not_priority']);
    expect(eventsOf(withItem({ priority: undefined }))[0]!.ticket.priority).toBeNull();
  });

  it('lets the config override states and priorities', () => {
    const config = intercomConfig({ statuses: { snoozed: 'on_hold', closed: 'closed' }, priorities: { priority: 'urgent' } });
    const [snoozed] = eventsOf(withItem({ state: 'snoozed', priority: 'priority' }), config);
    expect([snoozed!.ticket.status, snoozed!.ticket.priority]).toEqual(['on_hold', 'urgent']);
    expect(eventsOf(withItem({ state: 'closed' }), config)[0]!.ticket.status).toBe('closed');
  });

  it('names an unknown state, an unknown priority and their config keys', () => {
    const errors = errorsOf(withItem({ state: 'waiting', priority: 'p0' }));
    expect(errors.map((e) => e.field)).toEqual(['data.item.state', 'data.item.priority']);
    expect(errors[0]!.message).toMatch(/^unknown value "waiting" .*integrations\.intercom\.statuses/);
    expect(errors[1]!.message).toMatch(/^unknown value "p0" .*integrations\.intercom\.priorities/);
    expect(errorsOf(withItem({ state: undefined, open: undefined }))).toEqual([{ field: 'data.item.state', message: 'required: the conversation state (open, snoozed or closed)' }]);
  });
});

describe('intercom parts and actors', () => {
  it.each<[string, unknown[], TicketEvent['comment'] | undefined]>([
    ['an admin comment', [part('comment', ADMIN)], { author: 'agent', public: true }],
    ['a user comment', [part('comment', { type: 'user', id: 'u1' })], { author: 'customer', public: true }],
    ['a lead comment', [part('comment', { type: 'lead', id: 'l1' })], { author: 'customer', public: true }],
    ['an admin note', [part('note', ADMIN)], { author: 'agent', public: false }],
    ['a close with a message', [part('close', ADMIN)], { author: 'agent', public: true }],
    ['a close without a message', [part('close', ADMIN, null)], undefined],
    ['a snooze', [part('snoozed', ADMIN, null)], undefined],
    ['an assignment', [part('assignment', ADMIN, null)], undefined],
    ['a bot comment (bots are no agents by default)', [part('comment', { type: 'bot', id: 'b1' })], undefined],
    ['the newest of several parts', [part('comment', ADMIN, 'a', T0 + 600), part('comment', { type: 'user', id: 'u1' }, 'b', T0 + 660)], { author: 'customer', public: true }],
  ])('maps %s', (_name, parts, comment) => {
    const [event] = eventsOf(withParts(...parts));
    if (comment === undefined) expect(event).not.toHaveProperty('comment');
    else expect(event!.comment).toEqual(comment);
  });

  it('counts bot comments as agent replies with count_bot_replies', () => {
    expect(eventsOf(withParts(part('comment', { type: 'bot', id: 'b1' })), intercomConfig({ count_bot_replies: true }))[0]!.comment).toEqual({ author: 'agent', public: true });
  });

  it('drops notes written by our admin (admin_id) or an ignored admin, not their replies', () => {
    expect(eventsOf(withParts(part('note', ADMIN)), intercomConfig({ access_token: 't', admin_id: '814860' }))).toEqual([]);
    expect(eventsOf(withParts(part('note', ADMIN)), intercomConfig({ ignore_admin_ids: [814860] }))).toEqual([]);
    expect(eventsOf(withParts(part('comment', ADMIN)), intercomConfig({ admin_id: '814860' }))[0]!.comment).toEqual({ author: 'agent', public: true });
    expect(eventsOf(withParts(part('note', { type: 'user', id: '814860' })), intercomConfig({ ignore_admin_ids: ['814860'] }))).toHaveLength(1);
  });

  it('turns conversation.deleted (a minimal item) into a closed, deleted snapshot', () => {
    expect(eventsOf(fixture('conversation-deleted'))).toEqual([
      {
        source: 'intercom', eventId: 'notif_6b3e7c8a-1fa0-4d7b-9ac7-9c8f4e3d2a67', occurredAt: (T0 + 14400) * 1000, deleted: true,
        ticket: {
          id: '147000000012', status: 'closed', priority: null, createdAt: (T0 + 14400) * 1000, subject: null, url: null,
          tags: [], group: null, organization: null, assignee: null, requester: null, fields: {},
        },
      },
    ]);
  });

  it('gives no events for topics without a conversation, nor for translated repeats', () => {
    expect(eventsOf({ ...fixture('ping') })).toEqual([]);
    expect(eventsOf({ ...fixture('conversation-user-created'), topic: 'contact.user.created' })).toEqual([]);
    expect(eventsOf({ ...fixture('conversation-admin-replied'), topic: 'conversation.admin.replied.translated' })).toEqual([]);
  });

  it('falls back to the conversation update instant, then to receipt, when the notification has no created_at', () => {
    const body = fixture('conversation-admin-replied');
    delete body.created_at;
    expect(eventsOf(body)[0]!.occurredAt).toBe((T0 + 600) * 1000);
    delete body.data.item.updated_at;
    expect(eventsOf(body)[0]!.occurredAt).toBe(RECEIVED_AT);
  });

  it('takes the subject from an email source when there is no title, and the requester from contacts', () => {
    const [e] = eventsOf(withItem({ title: null, source: { subject: '<p>Checkout &amp; cart down</p>', author: ADMIN } }));
    expect(e!.ticket).toMatchObject({ subject: 'Checkout & cart down', requester: 'cust-7781', group: '5017691', assignee: '814860' });
  });

  it('names bad fields with their paths', () => {
    expect(errorsOf({ ...fixture('conversation-admin-replied'), type: 'event', id: 5 }).map((e) => e.field)).toEqual(['type', 'id']);
    expect(errorsOf(withItem({ created_at: '2026-11-24', tags: 'x' })).map((e) => e.field)).toEqual(['data.item.created_at', 'data.item.tags']);
    expect(errorsOf({ type: 'notification_event' })).toEqual([{ field: 'topic', message: 'required: the topic' }]);
  });
});

describe('intercom ticket life', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  const USER = { type: 'user', id: '5bc8f7ae2d96695c18a', email: 'pat@acme.test' };

  function notification(topic: string, iso: string, state: string, parts: unknown[], i: number): Record<string, any> {
    const body = fixture('conversation-user-created');
    Object.assign(body, { id: `notif_life_${i}`, topic, created_at: at(iso) });
    Object.assign(body.data.item, { id: '42', state, updated_at: at(iso), conversation_parts: { type: 'conversation_part.list', conversation_parts: parts, total_count: parts.length } });
    return body;
  }

  it('gives the same timers as the generic life (reply then snooze; close with a message)', () => {
    const [created, agentReply, customerReply, pending, reopened, solved] = LIFE;
    const deliveries = [
      notification('conversation.user.created', created!.at, 'open', [], 0),
      notification('conversation.admin.replied', agentReply!.at, 'open', [part('comment', ADMIN, 'a', at(agentReply!.at))], 1),
      notification('conversation.user.replied', customerReply!.at, 'open', [part('comment', USER, 'b', at(customerReply!.at))], 2),
      notification('conversation.admin.replied', pending!.at, 'open', [part('comment', ADMIN, 'c', at(pending!.at))], 3),
      notification('conversation.admin.snoozed', pending!.at, 'snoozed', [part('snoozed', ADMIN, null, at(pending!.at))], 4),
      notification('conversation.user.replied', reopened!.at, 'open', [part('comment', USER, 'd', at(reopened!.at))], 5),
      notification('conversation.admin.closed', solved!.at, 'closed', [part('close', ADMIN, 'e', at(solved!.at))], 6),
    ];
    const events = deliveries.flatMap((d) => eventsOf(d));
    expect(events.map((e) => e.ticket.status)).toEqual(['open', 'open', 'open', 'open', 'pending', 'open', 'solved']);
    expect(lifeTimers(events)).toEqual(lifeTimers(genericLife()));
  });
});
