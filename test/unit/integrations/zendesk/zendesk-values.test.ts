/**
 * Every default status, priority and role mapping, in both webhook kinds, and config
 * overrides winning over the defaults.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalPriority, TicketStatus } from '../../../../src/events.js';
import { config, errorsOf, eventsOf, fixture, withField } from './zendesk-kit.js';

const event = fixture('event-status-changed');
const trigger = fixture('trigger-ticket-updated');
const commentTrigger = fixture('trigger-comment-added');

/** The status table of README.md: Zendesk value → canonical. */
const STATUS_TABLE: Array<[string, TicketStatus]> = [
  ['new', 'new'],
  ['open', 'open'],
  ['pending', 'pending'],
  ['hold', 'on_hold'],
  ['on-hold', 'on_hold'],
  ['on hold', 'on_hold'],
  ['solved', 'solved'],
  ['closed', 'closed'],
  ['archived', 'closed'],
];

const PRIORITY_TABLE: Array<[string | null, CanonicalPriority | null]> = [
  ['low', 'low'],
  ['normal', 'normal'],
  ['high', 'high'],
  ['urgent', 'urgent'],
  [null, null],
  ['', null],
  ['-', null],
];

describe('Zendesk status mapping', () => {
  it.each(STATUS_TABLE)('maps event status %s (and its UPPER CASE) to %s', (raw, canonical) => {
    for (const value of [raw, raw.toUpperCase()]) {
      const [e] = eventsOf(withField(withField(event, 'detail.status', value), 'detail.custom_status', null));
      expect(e!.ticket.status, value).toBe(canonical);
      expect(e).not.toHaveProperty('deleted');
    }
  });

  it.each(STATUS_TABLE)('maps trigger status %s (as rendered, capitalised) to %s', (raw, canonical) => {
    const rendered = raw.charAt(0).toUpperCase() + raw.slice(1);
    expect(eventsOf(withField(trigger, 'status', rendered))[0]!.ticket.status).toBe(canonical);
  });

  it.each(['deleted', 'DELETED', 'scrubbed'])('turns status %s into a deletion', (raw) => {
    const [e] = eventsOf(withField(event, 'detail.status', raw));
    expect(e).toMatchObject({ deleted: true });
    expect(eventsOf(withField(trigger, 'status', raw))[0]).toMatchObject({ deleted: true, ticket: { status: 'open' } });
  });

  it('lets a config override win over a default and map a custom status label', () => {
    const cfg = config({ statuses: { hold: 'pending', 'Waiting on vendor': 'on_hold' } });
    expect(eventsOf(withField(event, 'detail.status', 'HOLD'), cfg)[0]!.ticket.status).toBe('pending');
    expect(eventsOf(withField(trigger, 'status', 'waiting on VENDOR'), cfg)[0]!.ticket.status).toBe('on_hold');
  });

  it('maps a custom status by id (custom_statuses) over its category', () => {
    const cfg = config({ custom_statuses: { '360012345673': 'on_hold' } });
    // The fixture's custom status 360012345673 sits in the pending category.
    expect(eventsOf(event)[0]!.ticket.status).toBe('pending');
    expect(eventsOf(event, cfg)[0]!.ticket.status).toBe('on_hold');
  });

  it('refuses an unknown status naming the value, the known ones and the config key', () => {
    expect(errorsOf(withField(event, 'detail.status', 'WAITING'))).toEqual([
      {
        field: 'detail.status',
        message:
          'unknown value "WAITING" (known: new, open, pending, hold, on-hold, on hold, on_hold, solved, closed, archived); map it in the config under integrations.zendesk.statuses, e.g. integrations.zendesk.statuses: { "WAITING": new } (one of new, open, pending, on_hold, solved, closed)',
      },
    ]);
    expect(errorsOf(withField(trigger, 'status', 'Waiting'))[0]).toMatchObject({ field: 'status', message: expect.stringContaining('integrations.zendesk.statuses') });
  });
});

describe('Zendesk priority mapping', () => {
  it.each(PRIORITY_TABLE)('maps event priority %s to %s', (raw, canonical) => {
    expect(eventsOf(withField(event, 'detail.priority', raw === null ? null : raw.toUpperCase()))[0]!.ticket.priority).toBe(canonical);
  });

  it.each(PRIORITY_TABLE)('maps trigger priority %s to %s', (raw, canonical) => {
    const rendered = raw === null ? undefined : raw.charAt(0).toUpperCase() + raw.slice(1);
    expect(eventsOf(withField(trigger, 'priority', rendered))[0]!.ticket.priority).toBe(canonical);
  });

  it('lets a config override win (and give "-" a meaning)', () => {
    const cfg = config({ priorities: { normal: 'high', P1: 'urgent', '-': 'low' } });
    expect(eventsOf(withField(event, 'detail.priority', 'NORMAL'), cfg)[0]!.ticket.priority).toBe('high');
    expect(eventsOf(withField(trigger, 'priority', 'p1'), cfg)[0]!.ticket.priority).toBe('urgent');
    expect(eventsOf(withField(trigger, 'priority', '-'), cfg)[0]!.ticket.priority).toBe('low');
  });

  it('refuses an unknown priority naming the value and the config key', () => {
    expect(errorsOf(withField(trigger, 'priority', 'Critical'))).toEqual([
      {
        field: 'priority',
        message:
          'unknown value "Critical" (known: low, normal, high, urgent); map it in the config under integrations.zendesk.priorities, e.g. integrations.zendesk.priorities: { "Critical": urgent } (one of urgent, high, normal, low)',
      },
    ]);
  });
});

describe('Zendesk comment authors', () => {
  it.each<[string, 'agent' | 'customer']>([
    ['end-user', 'customer'],
    ['End-user', 'customer'],
    ['agent', 'agent'],
    ['Agent', 'agent'],
    ['admin', 'agent'],
    ['Administrator', 'agent'],
  ])('maps author role %s to %s', (role, author) => {
    expect(eventsOf(withField(commentTrigger, 'comment_author_role', role))[0]!.comment).toEqual({ author, public: true });
  });

  it('maps is_staff in events: staff is an agent, anyone else a customer', () => {
    const comment = fixture('event-comment-added');
    expect(eventsOf(comment)[0]!.comment).toEqual({ author: 'agent', public: true });
    expect(eventsOf(withField(comment, 'event.comment.author.is_staff', false))[0]!.comment).toEqual({ author: 'customer', public: true });
    expect(eventsOf(withField(comment, 'event.comment.is_public', false))[0]!.comment).toEqual({ author: 'agent', public: false });
  });

  it('maps a custom role through comment_author_roles, and refuses an unknown one naming the key', () => {
    expect(eventsOf(withField(commentTrigger, 'comment_author_role', 'Billing lead'), config({ comment_author_roles: { 'billing lead': 'agent' } }))[0]!.comment).toEqual({ author: 'agent', public: true });
    expect(errorsOf(withField(commentTrigger, 'comment_author_role', 'Billing lead'))).toEqual([
      { field: 'comment_author_role', message: expect.stringContaining('map it in the config under integrations.zendesk.comment_author_roles') },
    ]);
  });
});
