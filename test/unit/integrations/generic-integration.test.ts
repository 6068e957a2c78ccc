import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { genericConfigSchema } from '../../../integrations/generic/generic-config.js';
import { genericIntegration, MAX_EVENTS_PER_DELIVERY, normalizeGeneric, verifyGeneric } from '../../../integrations/generic/generic-integration.js';
import type { FieldError, WebhookDelivery } from '../../../integrations/integration.js';
import { integrations } from '../../../integrations/registry.js';
import { TICKET_STATUSES } from '../../../src/events.js';

const minimal = (over: Record<string, unknown> = {}, ticket: Record<string, unknown> = {}) => ({
  event_id: 'evt-1',
  occurred_at: '2026-11-24T09:05:00Z',
  ticket: { id: 'T-1', status: 'open', created_at: '2026-11-24T09:00:00Z', ...ticket },
  ...over,
});

function errorsOf(body: unknown): FieldError[] {
  const r = normalizeGeneric(body);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

function eventsOf(body: unknown) {
  const r = normalizeGeneric(body);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.events;
}

describe('generic normalize', () => {
  it('maps every field to the canonical TicketEvent with epoch ms', () => {
    const [e] = eventsOf(
      minimal(
        { occurred_at: '2026-11-24T10:05:00.250+01:00', comment: { author: 'customer', public: false }, deleted: false },
        {
          priority: 'High', subject: 'S', url: 'http://help.example.com/1', group: 'G', organization: 'O', assignee: 'A', requester: 'R',
          tags: ['x', 'y'], fields: { a: 'b', n: 1.5, t: true, z: null },
        },
      ),
    );
    expect(e).toEqual({
      source: 'generic',
      eventId: 'evt-1',
      occurredAt: Date.UTC(2026, 10, 24, 9, 5, 0, 250),
      ticket: {
        id: 'T-1', status: 'open', priority: 'High', createdAt: Date.UTC(2026, 10, 24, 9, 0),
        subject: 'S', url: 'http://help.example.com/1', group: 'G', organization: 'O', assignee: 'A', requester: 'R',
        tags: ['x', 'y'], fields: { a: 'b', n: 1.5, t: true, z: null },
      },
      comment: { author: 'customer', public: false },
      deleted: false,
    });
  });

  it('fills absent optional fields: null text, no tags, no fields, no comment', () => {
    const [e] = eventsOf(minimal());
    expect(e!.ticket).toEqual({
      id: 'T-1', status: 'open', priority: null, createdAt: Date.UTC(2026, 10, 24, 9), subject: null, url: null,
      group: null, organization: null, assignee: null, requester: null, tags: [], fields: {},
    });
    expect(e).not.toHaveProperty('comment');
    expect(e).not.toHaveProperty('deleted');
  });

  it('treats null and empty text like absence (templating tools render empty placeholders)', () => {
    const [e] = eventsOf(minimal({ comment: null, deleted: null }, { priority: '', subject: '', url: '', assignee: null, tags: null, fields: null }));
    expect(e!.ticket).toMatchObject({ priority: null, subject: null, url: null, assignee: null, tags: [], fields: {} });
    expect(e).not.toHaveProperty('comment');
    expect(e).not.toHaveProperty('deleted');
  });

  it.each(TICKET_STATUSES)('accepts status %s', (status) => {
    expect(eventsOf(minimal({}, { status }))[0]!.ticket.status).toBe(status);
  });

  it('turns numeric ticket ids and priorities into strings', () => {
    const [e] = eventsOf(minimal({}, { id: 4711, priority: 4 }));
    expect(e!.ticket.id).toBe('4711');
    expect(e!.ticket.priority).toBe('4');
    expect(eventsOf(minimal({}, { id: 0, priority: 0 }))[0]!.ticket).toMatchObject({ id: '0', priority: '0' });
  });

  it('ignores unknown keys at every level', () => {
    const [e] = eventsOf({ ...minimal({ extra: { deep: 1 } }, { custom_status: 'waiting' }), comment: { author: 'agent', public: true, body: 'hi' } });
    expect(e).not.toHaveProperty('extra');
    expect(e!.ticket).not.toHaveProperty('custom_status');
    expect(e!.comment).toEqual({ author: 'agent', public: true });
  });

  it('takes an array of events and keeps their order', () => {
    const events = eventsOf([minimal({ event_id: 'a' }), minimal({ event_id: 'b' }, { id: 2 })]);
    expect(events.map((e) => [e.eventId, e.ticket.id])).toEqual([['a', 'T-1'], ['b', '2']]);
  });

  it('accepts 1 to 500 events per delivery', () => {
    expect(eventsOf(Array.from({ length: MAX_EVENTS_PER_DELIVERY }, (_, i) => minimal({ event_id: `e${i}` })))).toHaveLength(500);
    expect(errorsOf(Array.from({ length: 501 }, () => minimal()))).toEqual([{ field: '(root)', message: 'must hold 1 to 500 events; got 501' }]);
    expect(errorsOf([])).toEqual([{ field: '(root)', message: 'must hold 1 to 500 events; got 0' }]);
  });

  it.each([null, 'text', 42, true])('refuses a body that is neither an object nor an array: %s', (body) => {
    expect(errorsOf(body)).toEqual([{ field: '(root)', message: 'must be an event object or an array of 1 to 500 events' }]);
  });

  it('names each missing required field', () => {
    expect(errorsOf({})).toEqual([
      { field: 'event_id', message: 'required: a string' },
      { field: 'occurred_at', message: 'required: an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z' },
      { field: 'ticket', message: 'required: an object' },
    ]);
    expect(errorsOf({ ...minimal(), ticket: {} })).toEqual([
      { field: 'ticket.id', message: 'required: a string or an integer' },
      { field: 'ticket.status', message: 'required: one of new, open, pending, on_hold, solved, closed' },
      { field: 'ticket.created_at', message: 'required: an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z' },
    ]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, string]>([
    ['empty event_id', { event_id: '' }, {}, 'event_id', 'must not be empty'],
    ['long event_id', { event_id: 'x'.repeat(201) }, {}, 'event_id', 'must be at most 200 characters long'],
    ['numeric event_id', { event_id: 7 }, {}, 'event_id', 'must be a string; got 7'],
    ['local occurred_at', { occurred_at: '2026-11-24T09:00:00' }, {}, 'occurred_at', 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "2026-11-24T09:00:00"'],
    ['impossible occurred_at', { occurred_at: '2026-02-30T09:00:00Z' }, {}, 'occurred_at', 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "2026-02-30T09:00:00Z"'],
    ['epoch occurred_at', { occurred_at: 1795510800000 }, {}, 'occurred_at', 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got 1795510800000'],
    ['fractional id', {}, { id: 1.5 }, 'ticket.id', 'must be a string or an integer; got 1.5'],
    ['empty id', {}, { id: '' }, 'ticket.id', 'must not be empty'],
    ['bad status', {}, { status: 'Open' }, 'ticket.status', 'must be one of new, open, pending, on_hold, solved, closed; got "Open"'],
    ['boolean priority', {}, { priority: false }, 'ticket.priority', 'must be a string, a number or null; got false'],
    ['bad created_at', {}, { created_at: 'yesterday' }, 'ticket.created_at', 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "yesterday"'],
    ['numeric subject', {}, { subject: 5 }, 'ticket.subject', 'must be a string or null; got 5'],
    ['javascript url', {}, { url: 'javascript:alert(1)' }, 'ticket.url', 'must be an http(s) URL, e.g. https://help.example.com/T-42; got "javascript:alert(1)"'],
    ['relative url', {}, { url: '/tickets/1' }, 'ticket.url', 'must be an http(s) URL, e.g. https://help.example.com/T-42; got "/tickets/1"'],
    ['object group', {}, { group: { id: 1 } }, 'ticket.group', 'must be a string or null; got an object'],
    ['array organization', {}, { organization: ['a'] }, 'ticket.organization', 'must be a string or null; got an array'],
    ['numeric assignee', {}, { assignee: 12 }, 'ticket.assignee', 'must be a string or null; got 12'],
    ['boolean requester', {}, { requester: true }, 'ticket.requester', 'must be a string or null; got true'],
    ['string tags', {}, { tags: 'a,b' }, 'ticket.tags', 'must be an array; got "a,b"'],
    ['numeric tag', {}, { tags: ['a', 1] }, 'ticket.tags[1]', 'must be a string; got 1'],
    ['array fields', {}, { fields: [1] }, 'ticket.fields', 'must be an object; got an array'],
    ['object field value', {}, { fields: { 'Due date': { at: 1 } } }, 'ticket.fields["Due date"]', 'must be a string, a number, true or false or null; got an object'],
    ['comment author', { comment: { author: 'bot', public: true } }, {}, 'comment.author', 'must be one of agent, customer; got "bot"'],
    ['comment public', { comment: { author: 'agent', public: 'true' } }, {}, 'comment.public', 'must be true or false; got "true"'],
    ['comment string', { comment: 'hello' }, {}, 'comment', 'must be an object; got "hello"'],
    ['deleted string', { deleted: 'yes' }, {}, 'deleted', 'must be true or false; got "yes"'],
  ])('reports %s', (_name, over, ticket, field, message) => {
    expect(errorsOf(minimal(over, ticket))).toEqual([{ field, message }]);
  });

  it('reports every bad field of every event of an array, with the index in the path', () => {
    const errors = errorsOf([minimal(), minimal({ event_id: '' }, { status: 'x' }), 5, minimal({}, { created_at: null })]);
    expect(errors.map((e) => e.field)).toEqual(['[1].event_id', '[1].ticket.status', '[2]', '[3].ticket.created_at']);
    expect(errors[2]!.message).toBe('must be an object; got 5');
  });

  it('shortens long values it quotes back', () => {
    const [error] = errorsOf(minimal({}, { status: 's'.repeat(1000) }));
    expect(error!.message.length).toBeLessThan(150);
  });
});

describe('generic verify', () => {
  const config = genericConfigSchema.parse({ secret: 'current', previous_secret: 'previous' });
  const rawBody = Buffer.from('{"event_id":"e"}');
  const delivery = (signature?: string): WebhookDelivery => ({ rawBody, headers: { 'x-signature': signature }, query: {}, receivedAt: 0 });
  const hex = (secret: string, body = rawBody) => createHmac('sha256', secret).update(body).digest('hex');

  it('accepts the current and the previous secret, upper-case hex and prefix', () => {
    expect(verifyGeneric(delivery(`sha256=${hex('current')}`), config)).toEqual({ ok: true });
    expect(verifyGeneric(delivery(`sha256=${hex('previous')}`), config)).toEqual({ ok: true });
    expect(verifyGeneric(delivery(`SHA256=${hex('current').toUpperCase()}`), config)).toEqual({ ok: true });
  });

  it('works without a previous secret', () => {
    const only = genericConfigSchema.parse({ secret: 'current' });
    expect(verifyGeneric(delivery(`sha256=${hex('current')}`), only).ok).toBe(true);
    expect(verifyGeneric(delivery(`sha256=${hex('previous')}`), only).ok).toBe(false);
  });

  it('refuses missing, malformed and wrong signatures with a reason', () => {
    expect(verifyGeneric(delivery(undefined), config)).toEqual({ ok: false, reason: expect.stringMatching(/^missing X-Signature/) });
    expect(verifyGeneric(delivery('  '), config)).toEqual({ ok: false, reason: expect.stringMatching(/^missing X-Signature/) });
    for (const bad of [hex('current'), `sha256:${hex('current')}`, `sha256=${hex('current')}00`, `sha256=${hex('current').slice(2)}`, `sha256=${'g'.repeat(64)}`]) {
      expect(verifyGeneric(delivery(bad), config), bad).toEqual({ ok: false, reason: expect.stringMatching(/^malformed X-Signature/) });
    }
    expect(verifyGeneric(delivery(`sha256=${hex('other')}`), config)).toEqual({ ok: false, reason: expect.stringMatching(/does not match the body/) });
    expect(verifyGeneric(delivery(`sha256=${hex('current', Buffer.from('{"event_id":"f"}'))}`), config).ok).toBe(false);
  });

  it('is registered under its source name and validates its config block', () => {
    expect(integrations.get('generic')).toBe(genericIntegration);
    expect(genericIntegration.configSchema.safeParse({ secret: '' }).success).toBe(false);
    expect(genericIntegration.configSchema.safeParse({}).success).toBe(false);
    expect(genericIntegration.configSchema.safeParse({ secret: 'a', previous_secret: '' }).success).toBe(false);
    expect(genericIntegration.configSchema.parse({ secret: 'a' })).toEqual({ secret: 'a' });
  });
});
