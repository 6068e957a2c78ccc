/** ServiceNow normalize: mappings, comments, cancel/delete, dates, own updates, config. */
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../../integrations/integration.js';
import { normalizeServicenow, parseGlideInstant, servicenowConfigSchema, type ServicenowConfig } from '../../../../integrations/servicenow/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { delivery, snBody, snConfig, SYS_ID } from './servicenow-fixtures.js';

const at = (iso: string) => Date.parse(iso);

function eventsOf(body: unknown, config: ServicenowConfig = snConfig()): TicketEvent[] {
  const r = normalizeServicenow(body, delivery(body), config);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.events;
}

function errorsOf(body: unknown, config: ServicenowConfig = snConfig()): FieldError[] {
  const r = normalizeServicenow(body, delivery(body), config);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

const one = (body: unknown, config?: ServicenowConfig) => eventsOf(body, config)[0]!;

describe('ServiceNow state, hold reason and priority mapping', () => {
  it.each([
    ['1', null, 'open'], ['New', null, 'open'],
    ['2', null, 'open'], ['In Progress', null, 'open'],
    ['3', '1', 'pending'], ['3', 'Awaiting Caller', 'pending'],
    ['3', '5', 'on_hold'], ['3', 'Awaiting Change', 'on_hold'],
    ['3', '3', 'on_hold'], ['3', 'Awaiting Problem', 'on_hold'],
    ['3', '4', 'on_hold'], ['On Hold', 'Awaiting Vendor', 'on_hold'],
    ['3', null, 'on_hold'], ['3', '', 'on_hold'],
    ['6', null, 'solved'], ['Resolved', null, 'solved'],
    ['7', null, 'closed'], ['Closed', null, 'closed'],
    ['8', null, 'closed'], ['Canceled', null, 'closed'],
  ])('state %s with hold reason %s → %s', (state, hold_reason, expected) => {
    expect(one(snBody('agent-comment', { state, hold_reason })).ticket.status).toBe(expected);
  });

  it('takes choice values rendered as JSON numbers', () => {
    expect(one(snBody('agent-comment', { state: 3, hold_reason: 1, priority: 4, sys_mod_count: 7 }))).toMatchObject({
      eventId: `${SYS_ID}:7`, ticket: { status: 'pending', priority: 'low' },
    });
  });

  it.each([
    ['1', 'urgent'], ['1 - Critical', 'urgent'],
    ['2', 'high'], ['2 - High', 'high'],
    ['3', 'normal'], ['3 - Moderate', 'normal'],
    ['4', 'low'], ['4 - Low', 'low'],
    ['5', 'low'], ['5 - Planning', 'low'],
  ])('priority %s → %s', (priority, expected) => {
    expect(one(snBody('agent-comment', { priority })).ticket.priority).toBe(expected);
  });

  it('lets config overrides win for states, hold reasons and priorities', () => {
    const config = snConfig({ statuses: { '1': 'new', '10': 'on_hold' }, hold_reasons: { '4': 'pending', '6': 'pending' }, priorities: { '5': 'normal' } });
    expect(one(snBody('agent-comment', { state: '1', priority: '5' }), config).ticket).toMatchObject({ status: 'new', priority: 'normal' });
    expect(one(snBody('agent-comment', { state: '3', hold_reason: '4' }), config).ticket.status).toBe('pending');
    // A custom on-hold state is refined by the hold reason too.
    expect(one(snBody('agent-comment', { state: '10', hold_reason: '6' }), config).ticket.status).toBe('pending');
    expect(one(snBody('agent-comment', { state: '10', hold_reason: null }), config).ticket.status).toBe('on_hold');
  });

  it('names unknown values and the config keys', () => {
    const errors = errorsOf(snBody('agent-comment', { state: '42', priority: 'P1' }));
    expect(errors.map((e) => e.field)).toEqual(['state', 'priority']);
    expect(errors[0]!.message).toMatch(/^unknown value "42" .*integrations\.servicenow\.statuses: \{ "42": new \}/);
    expect(errors[1]!.message).toMatch(/^unknown value "P1" .*integrations\.servicenow\.priorities: \{ "P1": urgent \}/);
    expect(errorsOf(snBody('agent-comment', { state: '3', hold_reason: '9' }))).toEqual([
      { field: 'hold_reason', message: expect.stringContaining('integrations.servicenow.hold_reasons: { "9": new }') },
    ]);
  });
});

describe('ServiceNow comments', () => {
  it.each<[string, Record<string, unknown>, TicketEvent['comment']]>([
    ['an agent\'s additional comment', { type: 'comments', author: 'beth.anglin', author_is_caller: false, author_is_agent: true }, { author: 'agent', public: true }],
    ['the caller\'s additional comment', { type: 'comments', author: 'abel.tuter', author_is_caller: true, author_is_agent: false }, { author: 'customer', public: true }],
    ['an agent who is also the caller', { type: 'comments', author: 'beth.anglin', author_is_caller: true, author_is_agent: true }, { author: 'customer', public: true }],
    ['a non-agent who is not the caller (watch list)', { type: 'comments', author: 'bow.ruggeri', author_is_caller: false, author_is_agent: false }, { author: 'customer', public: true }],
    ['an agent\'s work note', { type: 'work_notes', author: 'beth.anglin', author_is_caller: false, author_is_agent: true }, { author: 'agent', public: false }],
  ])('maps %s', (_name, comment, expected) => {
    expect(one(snBody('agent-comment', { comment })).comment).toEqual(expected);
  });

  it('adds no comment when the update has none', () => {
    expect(one(snBody('agent-comment', { comment: null }))).not.toHaveProperty('comment');
    expect(one(snBody('agent-comment', { comment: undefined }))).not.toHaveProperty('comment');
  });
});

describe('ServiceNow cancel, delete and own updates', () => {
  it('cancels the clocks of a Canceled incident by default, and keeps it closed when configured', () => {
    expect(one(snBody('canceled'))).toMatchObject({ deleted: true, ticket: { status: 'closed' } });
    const kept = one(snBody('canceled'), snConfig({ canceled_is_deleted: false }));
    expect(kept.ticket.status).toBe('closed');
    expect(kept).not.toHaveProperty('deleted');
  });

  it('marks a deleted incident deleted, with its own dedupe key', () => {
    const e = one(snBody('agent-comment', { event: 'deleted', sys_updated_on: '2026-11-24 10:30:00', comment: null }));
    expect(e).toMatchObject({ deleted: true, eventId: `${SYS_ID}:1:deleted`, occurredAt: at('2026-11-24T10:30:00Z') });
  });

  it('drops updates by the write-back user by default, or by the configured users', () => {
    const ours = snBody('work-note', { sys_updated_by: 'sla.timer' });
    expect(eventsOf(ours, snConfig({ username: 'sla.timer', password: 'pw' }))).toEqual([]);
    expect(eventsOf(ours, snConfig({ username: 'SLA.Timer', password: 'pw' }))).toEqual([]);
    expect(eventsOf(ours)).toHaveLength(1);
    const config = snConfig({ username: 'sla.timer', password: 'pw', ignore_updated_by: ['integration.bot'] });
    expect(eventsOf(ours, config)).toHaveLength(1);
    expect(eventsOf(snBody('work-note', { comment: { type: 'work_notes', author: 'integration.bot', author_is_caller: false, author_is_agent: true } }), config)).toEqual([]);
  });
});

describe('ServiceNow payload', () => {
  it('uses the number alone as subject when there is no short description, and null for empty references', () => {
    const e = one(snBody('incident-created', { short_description: '', assignment_group: null, company: '', caller_id: null, impact: null, urgency: '' }));
    expect(e.ticket).toMatchObject({ subject: 'INC0010042', group: null, organization: null, requester: null, fields: { number: 'INC0010042', impact: null, urgency: null } });
  });

  it('builds the URL from a custom-domain instance', () => {
    expect(one(snBody('incident-created'), snConfig({ instance: 'https://itsm.acme.example/' })).ticket.url).toBe(`https://itsm.acme.example/incident.do?sys_id=${SYS_ID}`);
  });

  it('defaults the event to an update', () => {
    expect(one(snBody('agent-comment', { event: undefined })).eventId).toBe(`${SYS_ID}:1`);
  });

  it('names every missing or bad field', () => {
    expect(errorsOf({}).map((e) => e.field)).toEqual(['sys_id', 'number', 'state', 'priority', 'opened_at', 'sys_updated_on', 'sys_mod_count']);
    const errors = errorsOf(snBody('agent-comment', { sys_id: 'INC0010042', sys_mod_count: '-1', event: 'merged', comment: { type: 'chat', author_is_caller: 'yes' } }));
    expect(errors.map((e) => e.field)).toEqual(['event', 'sys_id', 'sys_mod_count', 'comment.type', 'comment.author_is_caller', 'comment.author_is_agent']);
    expect(errorsOf('INC0010042')).toEqual([{ field: '(root)', message: expect.stringContaining('business rule') }]);
  });

  it('names an unreadable date', () => {
    expect(errorsOf(snBody('agent-comment', { sys_updated_on: '24.11.2026 09:10' }))).toEqual([
      { field: 'sys_updated_on', message: 'must be a UTC date-time as GlideDateTime.getValue() gives it (2026-11-24 09:00:00) or ISO 8601 with a zone; got "24.11.2026 09:10"' },
    ]);
  });

  it.each([
    ['2026-11-24 09:10:00', '2026-11-24T09:10:00Z'],
    ['2026-11-24T10:10:00+01:00', '2026-11-24T09:10:00Z'],
    ['2026-11-24T09:10:00Z', '2026-11-24T09:10:00Z'],
  ])('reads the date %s', (text, expected) => {
    expect(parseGlideInstant(text)).toBe(at(expected));
  });

  it.each(['2026-11-24 09:10', '2026-11-24T09:10:00', '2026-02-30 09:00:00', '11/24/2026 09:10:00'])('refuses the date %s', (text) => {
    expect(parseGlideInstant(text)).toBeUndefined();
  });
});

describe('ServiceNow config', () => {
  it('accepts the instance as a name, host or https URL', () => {
    expect(snConfig({ instance: 'acme' }).instance).toBe('https://acme.service-now.com');
    expect(snConfig({ instance: 'ACME.service-now.com' }).instance).toBe('https://acme.service-now.com');
    expect(snConfig({ instance: 'https://acme.service-now.com/' }).instance).toBe('https://acme.service-now.com');
  });

  it('names bad keys', () => {
    const r = servicenowConfigSchema.safeParse({ secret: 's', instance: 'http://acme.service-now.com', username: 'u', due_field: 'SLA Due', hold_reasons: { '1': 'waiting' }, extra: 1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['instance', 'due_field', 'hold_reasons.1', '']));
    expect(servicenowConfigSchema.safeParse({ secret: 's', instance: 'acme', username: 'u' }).error!.issues).toEqual([
      expect.objectContaining({ path: ['password'], message: 'username and password are set together (the write-back user)' }),
    ]);
  });
});
