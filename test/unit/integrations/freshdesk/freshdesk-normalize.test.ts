/** Freshdesk normalize: mappings, events, dates, config. */
import { describe, expect, it } from 'vitest';
import { freshdeskConfigSchema, normalizeFreshdesk, type FreshdeskConfig } from '../../../../integrations/freshdesk/index.js';
import { parseFreshdeskInstant } from '../../../../integrations/freshdesk/freshdesk-instant.js';
import type { FieldError } from '../../../../integrations/integration.js';
import type { TicketEvent } from '../../../../src/events.js';
import { delivery, fdBody, fdConfig, type FreshdeskFixture } from './freshdesk-fixtures.js';

const at = (iso: string) => Date.parse(iso);

function eventsOf(body: unknown, config: FreshdeskConfig = fdConfig()): TicketEvent[] {
  const r = normalizeFreshdesk(body, delivery(body), config);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.events;
}

function errorsOf(body: unknown, config: FreshdeskConfig = fdConfig()): FieldError[] {
  const r = normalizeFreshdesk(body, delivery(body), config);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

const one = (body: unknown, config?: FreshdeskConfig) => eventsOf(body, config)[0]!;

describe('Freshdesk status and priority mapping', () => {
  it.each([
    ['2', 'open'], ['Open', 'open'], ['open', 'open'],
    ['3', 'pending'], ['Pending', 'pending'],
    ['4', 'solved'], ['Resolved', 'solved'],
    ['5', 'closed'], ['Closed', 'closed'],
    ['6', 'pending'], ['Waiting on Customer', 'pending'],
    ['7', 'on_hold'], ['Waiting on Third Party', 'on_hold'],
  ])('status %s → %s', (status, expected) => {
    expect(one(fdBody('ticket-updated', { status })).ticket.status).toBe(expected);
  });

  it('takes a status rendered as a JSON number', () => {
    expect(one(fdBody('ticket-updated', { status: 4, priority: 1 })).ticket).toMatchObject({ status: 'solved', priority: 'low' });
  });

  it.each([
    ['1', 'low'], ['Low', 'low'],
    ['2', 'normal'], ['Medium', 'normal'],
    ['3', 'high'], ['High', 'high'],
    ['4', 'urgent'], ['Urgent', 'urgent'], ['URGENT', 'urgent'],
  ])('priority %s → %s', (priority, expected) => {
    expect(one(fdBody('ticket-updated', { priority })).ticket.priority).toBe(expected);
  });

  it('lets config overrides win over the defaults and add custom values', () => {
    const config = fdConfig({ statuses: { '6': 'on_hold', 'In Review': 'open' }, priorities: { Medium: 'high', P0: 'urgent' } });
    expect(one(fdBody('ticket-updated', { status: '6', priority: 'Medium' }), config).ticket).toMatchObject({ status: 'on_hold', priority: 'high' });
    expect(one(fdBody('ticket-updated', { status: 'In Review', priority: 'P0' }), config).ticket).toMatchObject({ status: 'open', priority: 'urgent' });
    expect(one(fdBody('ticket-updated', { status: '2', priority: '1' }), config).ticket).toMatchObject({ status: 'open', priority: 'low' });
  });

  it('names the unknown values and the config keys, all at once', () => {
    const errors = errorsOf(fdBody('ticket-updated', { status: '8', priority: 'P9' }));
    expect(errors.map((e) => e.field)).toEqual(['status', 'priority']);
    expect(errors[0]!.message).toMatch(/^unknown value "8" .*integrations\.freshdesk\.statuses: \{ "8": new \}/);
    expect(errors[1]!.message).toMatch(/^unknown value "P9" .*integrations\.freshdesk\.priorities: \{ "P9": urgent \}/);
  });
});

describe('Freshdesk events', () => {
  it.each<[string, FreshdeskFixture, TicketEvent['comment'] | undefined]>([
    ['ticket_created', 'ticket-created', undefined],
    ['ticket_updated', 'ticket-updated', undefined],
    ['agent_reply', 'agent-reply', { author: 'agent', public: true }],
    ['customer_reply', 'customer-reply', { author: 'customer', public: true }],
    ['note_added', 'note-added', { author: 'agent', public: false }],
  ])('%s carries the comment it adds', (_event, fixture, comment) => {
    const e = one(fdBody(fixture));
    if (comment === undefined) expect(e).not.toHaveProperty('comment');
    else expect(e.comment).toEqual(comment);
    expect(e).not.toHaveProperty('deleted');
  });

  it('marks ticket_deleted as deleted', () => {
    expect(one(fdBody('ticket-updated', { event: 'ticket_deleted' }))).toMatchObject({ deleted: true, eventId: '4711:ticket_deleted:2026-11-24T09:40:00.000Z' });
  });

  it('drops note deliveries when ignore_notes is set (our own write-backs are private notes)', () => {
    expect(eventsOf(fdBody('note-added'), fdConfig({ ignore_notes: true }))).toEqual([]);
    expect(eventsOf(fdBody('agent-reply'), fdConfig({ ignore_notes: true }))).toHaveLength(1);
  });

  it('builds the dedupe key from ticket, event and modification time', () => {
    const reply = one(fdBody('agent-reply'));
    const sameTimeUpdate = one(fdBody('agent-reply', { event: 'ticket_updated' }));
    expect(reply.eventId).toBe('4711:agent_reply:2026-11-24T09:10:00.000Z');
    expect(sameTimeUpdate.eventId).not.toBe(reply.eventId);
    // The same instant written another way is the same change.
    expect(one(fdBody('agent-reply', { updated_at: '2026-11-24T09:10:00Z' })).eventId).toBe(reply.eventId);
  });

  it('builds the ticket URL from the domain when the template has none', () => {
    expect(one(fdBody('ticket-created', { url: '' })).ticket.url).toBe('https://acme.freshdesk.com/helpdesk/tickets/4711');
    expect(one(fdBody('ticket-created', { url: 'https://support.acme.com/a/tickets/4711' })).ticket.url).toBe('https://support.acme.com/a/tickets/4711');
    expect(errorsOf(fdBody('ticket-created', { url: 'javascript:alert(1)' }))).toEqual([{ field: 'url', message: expect.stringContaining('http(s) URL') }]);
  });

  it('reads tags as comma-separated text or an array, and empty placeholders as none', () => {
    expect(one(fdBody('ticket-created', { tags: ' vip,, billing , ' })).ticket.tags).toEqual(['vip', 'billing']);
    expect(one(fdBody('ticket-created', { tags: ['a', ' b '] })).ticket.tags).toEqual(['a', 'b']);
    const e = one(fdBody('ticket-created', { tags: '', group: '', company: ' ', subject: '', requester: null }));
    expect(e.ticket).toMatchObject({ tags: [], group: null, organization: null, subject: null, requester: null });
  });

  it('passes extra fields through for policy matching and takes a numeric ticket id', () => {
    const e = one(fdBody('ticket-created', { ticket_id: 4711, fields: { plan: 'enterprise', seats: 40 } }));
    expect(e.ticket).toMatchObject({ id: '4711', fields: { plan: 'enterprise', seats: 40 } });
  });

  it('refuses what is not a rule body', () => {
    expect(errorsOf([fdBody('ticket-created')])).toEqual([{ field: '(root)', message: expect.stringContaining('automation rule template') }]);
    expect(errorsOf({})).toEqual([
      { field: 'event', message: 'required: one of ticket_created, ticket_updated, agent_reply, customer_reply, note_added, ticket_deleted' },
      { field: 'ticket_id', message: 'required: "{{ticket.id}}"' },
      { field: 'status', message: 'required: the ticket\'s status, e.g. "{{ticket.status}}"' },
      { field: 'priority', message: 'required: the ticket\'s priority, e.g. "{{ticket.priority}}"' },
      { field: 'created_at', message: 'required: "{{ticket.created_on}}"' },
      { field: 'updated_at', message: 'required: "{{ticket.modified_on}}"' },
    ]);
    expect(errorsOf(fdBody('ticket-created', { ticket_id: '{{ticket.id}}', tags: 5 })).map((e) => e.field)).toEqual(['ticket_id', 'tags']);
  });
});

describe('Freshdesk dates', () => {
  it.each([
    ['2026-11-24T09:00:00Z', '2026-11-24T09:00:00Z'],
    ['2026-11-24T10:00:00+01:00', '2026-11-24T09:00:00Z'],
    ['2026-11-24 09:00:00 UTC', '2026-11-24T09:00:00Z'],
    ['2026-11-24 09:00:00 GMT', '2026-11-24T09:00:00Z'],
    ['2026-11-24 14:30:00 +0530', '2026-11-24T09:00:00Z'],
    ['2026-11-24 04:00:00 -05:00', '2026-11-24T09:00:00Z'],
    ['November 24 2026 at 09:00 AM UTC', '2026-11-24T09:00:00Z'],
    ['Nov 24, 2026 at 02:30 PM +0530', '2026-11-24T09:00:00Z'],
    ['Tue, 24 Nov, 2026 at 9:00 AM GMT', '2026-11-24T09:00:00Z'],
    ['November 24 2026 at 12:00 AM UTC', '2026-11-24T00:00:00Z'],
    ['November 24 2026 at 12:00 PM UTC', '2026-11-24T12:00:00Z'],
  ])('reads %s with an explicit zone', (text, expected) => {
    expect(parseFreshdeskInstant(text, undefined)).toEqual({ ok: true, ms: at(expected) });
  });

  it.each([
    ['2026-11-24 14:30:00', 'Asia/Kolkata', '2026-11-24T09:00:00Z'],
    ['2026-11-24 14:30:00 IST', 'Asia/Kolkata', '2026-11-24T09:00:00Z'],
    ['Tue, 24 Nov, 2026 at 10:00 AM', 'Europe/Berlin', '2026-11-24T09:00:00Z'],
    ['2026-07-24 11:00:00', 'Europe/Berlin', '2026-07-24T09:00:00Z'],
    ['2026-03-08 01:59:59', 'America/New_York', '2026-03-08T06:59:59Z'],
    ['2026-03-08 03:00:00', 'America/New_York', '2026-03-08T07:00:00Z'],
    ['2026-11-01 01:30:00', 'America/New_York', '2026-11-01T05:30:00Z'], // overlap: the earlier reading
    ['2026-10-25 02:30:00', 'Europe/Berlin', '2026-10-25T00:30:00Z'], // overlap: the earlier reading
    ['2026-03-08 02:30:00', 'America/New_York', '2026-03-08T07:30:00Z'], // gap: 03:30 EDT
    ['2026-03-29 02:30:00', 'Europe/Berlin', '2026-03-29T01:30:00Z'], // gap: 03:30 CEST
  ])('reads %s without a usable zone in the configured zone %s', (text, zone, expected) => {
    expect(parseFreshdeskInstant(text, zone)).toEqual({ ok: true, ms: at(expected) });
  });

  it.each(['yesterday', '2026-02-30 09:00:00 UTC', '2026-11-24 24:00:00 UTC', 'Novembre 24 2026 at 09:00 AM UTC', 'November 24 2026 at 13:00 PM UTC', '2026-11-24 09:00:00 +2500', '{{ticket.created_on}}'])(
    'refuses %s',
    (text) => {
      expect(parseFreshdeskInstant(text, 'UTC')).toEqual({ ok: false, problem: 'unreadable' });
    },
  );

  it('asks for integrations.freshdesk.timezone when a date has no usable zone', () => {
    const errors = errorsOf(fdBody('ticket-created', { created_at: '2026-11-24 14:30:00', updated_at: '2026-11-24 14:30:00 IST' }));
    expect(errors.map((e) => e.field)).toEqual(['created_at', 'updated_at']);
    for (const e of errors) expect(e.message).toContain('set integrations.freshdesk.timezone');
    const e = one(fdBody('ticket-created', { created_at: '2026-11-24 14:30:00', updated_at: '2026-11-24 14:30:00' }), fdConfig({ timezone: 'Asia/Kolkata' }));
    expect(e).toMatchObject({ occurredAt: at('2026-11-24T09:00:00Z'), ticket: { createdAt: at('2026-11-24T09:00:00Z') } });
  });

  it('names an unreadable date with the accepted forms', () => {
    expect(errorsOf(fdBody('ticket-created', { created_at: 'last tuesday' }))).toEqual([
      { field: 'created_at', message: 'must be a date such as 2026-11-24T09:00:00Z, "2026-11-24 09:00:00 UTC" or "2026-11-24 09:00:00 +0100"; got "last tuesday"' },
    ]);
  });
});

describe('Freshdesk config', () => {
  it('accepts the subdomain in any usual spelling', () => {
    for (const domain of ['acme', 'ACME.freshdesk.com', 'https://acme.freshdesk.com/']) expect(fdConfig({ domain }).domain).toBe('acme');
  });

  it('names bad keys', () => {
    const r = freshdeskConfigSchema.safeParse({ secret: '', domain: 'https://evil.example.com', timezone: 'Mars/Base', due_field: 'Due date', due_field_format: 'date', colour: 1 });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['secret', 'domain', 'timezone', 'due_field', '']));
    expect(freshdeskConfigSchema.safeParse({ secret: 's', domain: 'acme', due_field_format: 'date' }).error!.issues[0]!.path).toEqual(['due_field_format']);
  });
});
