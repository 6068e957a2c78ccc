/** Event-subscription payloads (`zen:event-type:ticket.*`) → TicketEvents. */
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../../src/events.js';
import { config, errorsOf, eventsOf, fixture, withField } from './zendesk-kit.js';

const created = fixture('event-ticket-created');
const comment = fixture('event-comment-added');
const statusChanged = fixture('event-status-changed');
const softDeleted = fixture('event-soft-deleted');

describe('Zendesk event subscriptions', () => {
  it('maps ticket.created: NEW stays new, HIGH is high, ids stand in for names, the link is built', () => {
    expect(eventsOf(created)).toEqual<TicketEvent[]>([
      {
        source: 'zendesk',
        eventId: '01JD2X4Q8V3N6T9W2K5M7P1R3S',
        occurredAt: Date.parse('2026-11-24T09:00:00Z'),
        ticket: {
          id: '35436',
          status: 'new',
          priority: 'high',
          createdAt: Date.parse('2026-11-24T09:00:00Z'),
          subject: 'Checkout is down',
          url: 'https://acme.zendesk.com/agent/tickets/35436',
          tags: ['enterprise', 'checkout'],
          group: '360005554321',
          organization: '360099887766',
          assignee: null,
          requester: '8447388090494',
          fields: {},
        },
      },
    ]);
  });

  it('drops the comment of the creating action (the description is not a reply) but keeps the snapshot', () => {
    const description = withField(withField(comment, 'detail.updated_at', '2026-11-24T09:00:00Z'), 'time', '2026-11-24T09:00:00Z');
    const [e] = eventsOf(description);
    expect(e).not.toHaveProperty('comment');
    expect(e!.ticket.status).toBe('open');
  });

  it('reads the status of a status change from event.current when detail lacks it', () => {
    const [e] = eventsOf(withField(statusChanged, 'detail.status', undefined));
    expect(e!.ticket.status).toBe('pending');
    expect(errorsOf(withField(withField(statusChanged, 'detail.status', undefined), 'event.current', 'LIMBO'))).toEqual([
      { field: 'event.current', message: expect.stringContaining('unknown value "LIMBO"') },
    ]);
  });

  it('refuses an event without any status instead of guessing one', () => {
    expect(errorsOf(withField(comment, 'detail.status', undefined))).toEqual([
      { field: 'detail.status', message: 'required: the ticket status (Zendesk sends it with every ticket event); the event cannot be applied without it' },
    ]);
  });

  it('takes the ticket id from subject when detail has none, and names detail.id when neither has it', () => {
    expect(eventsOf(withField(comment, 'detail.id', undefined))[0]!.ticket.id).toBe('35436');
    const errors = errorsOf(withField(withField(comment, 'detail.id', undefined), 'subject', 'zen:user:1'));
    expect(errors).toEqual([{ field: 'detail.id', message: 'required: the ticket id (digits), or subject "zen:ticket:<id>"' }]);
  });

  it('reads "", "0" and null ids as none, blank text as null, null tags as none, string tags split', () => {
    let body = withField(comment, 'detail.assignee_id', '');
    body = withField(body, 'detail.group_id', '0');
    body = withField(body, 'detail.organization_id', null);
    body = withField(body, 'detail.subject', '  ');
    body = withField(body, 'detail.tags', null);
    expect(eventsOf(body)[0]!.ticket).toMatchObject({ assignee: null, group: null, organization: null, subject: null, tags: [] });
    expect(eventsOf(withField(comment, 'detail.tags', 'vip  enterprise vip'))[0]!.ticket.tags).toEqual(['vip', 'enterprise']);
  });

  it('accepts numeric ids and fractional-second times', () => {
    const [e] = eventsOf(withField(withField(comment, 'detail.id', 35436), 'detail.requester_id', 8447388090494));
    expect(e!.ticket).toMatchObject({ id: '35436', requester: '8447388090494' });
    expect(e!.occurredAt).toBe(Date.parse('2026-11-24T09:10:00.417Z'));
  });

  describe('deletions', () => {
    it('cancels a soft-deleted ticket: status before deletion unknown → open, deleted: true', () => {
      expect(eventsOf(softDeleted)).toEqual([
        expect.objectContaining({ eventId: '01JD2Z8K2L4M6N8P0Q2R4S6T8U', deleted: true, ticket: expect.objectContaining({ id: '35437', status: 'open', priority: null, tags: [] }) }),
      ]);
    });

    it('keeps the status before deletion when a status change says it', () => {
      const toDeleted = withField(withField(withField(statusChanged, 'detail.status', 'DELETED'), 'event.current', 'DELETED'), 'event.previous', 'SOLVED');
      expect(eventsOf(toDeleted)[0]).toMatchObject({ deleted: true, ticket: { status: 'solved' } });
    });

    it.each([
      ['merged', 'CLOSED', 'open'],
      ['marked_as_spam', 'PENDING', 'pending'],
      ['marked_as_spam', 'NEW', 'new'],
      ['permanently_deleted', 'SCRUBBED', 'open'],
    ])('treats ticket.%s (detail status %s) as a deletion with status %s', (kind, detailStatus, status) => {
      const body = withField(withField(softDeleted, 'type', `zen:event-type:ticket.${kind}`), 'detail.status', detailStatus);
      expect(eventsOf(body)[0]).toMatchObject({ deleted: true, ticket: { status } });
    });

    it('takes a sparse permanently_deleted payload: the ticket id from subject, creation from the event time', () => {
      const body = { type: 'zen:event-type:ticket.permanently_deleted', id: 'evt-9', time: '2026-11-30T10:00:00Z', subject: 'zen:ticket:35437', detail: null, event: null };
      expect(eventsOf(body)[0]).toMatchObject({ deleted: true, ticket: { id: '35437', status: 'open', createdAt: Date.parse('2026-11-30T10:00:00Z') } });
    });

    it('treats ticket.undeleted as an ordinary snapshot', () => {
      const body = withField(withField(softDeleted, 'type', 'zen:event-type:ticket.undeleted'), 'detail.status', 'OPEN');
      expect(eventsOf(body)[0]).not.toHaveProperty('deleted');
    });
  });

  it.each([
    'zen:event-type:ticket.attachment_linked_to_comment',
    'zen:event-type:ticket.comment_redacted',
    'zen:event-type:ticket.followers_changed',
    'zen:event-type:ticket.sla_policy_changed',
    'zen:event-type:user.created',
    'zen:event-type:organization.created',
  ])('acknowledges %s with no event and no validation', (type) => {
    expect(eventsOf({ type, id: 'x', detail: 'anything' })).toEqual([]);
  });

  it.each([
    'zen:event-type:ticket.priority_changed',
    'zen:event-type:ticket.agent_assignment_changed',
    'zen:event-type:ticket.group_assignment_changed',
    'zen:event-type:ticket.tags_changed',
    'zen:event-type:ticket.custom_status_changed',
    'zen:event-type:ticket.custom_field_changed',
  ])('turns %s into a snapshot without a comment', (type) => {
    const [e] = eventsOf(withField(statusChanged, 'type', type));
    expect(e).toMatchObject({ ticket: { id: '35436', status: 'pending' } });
    expect(e).not.toHaveProperty('comment');
  });

  it('drops what our own API user did: its comments and its field writes', () => {
    const cfg = config({ api_user_id: '8447388090495' });
    expect(eventsOf(comment, cfg)).toEqual([]);
    expect(eventsOf(withField(statusChanged, 'type', 'zen:event-type:ticket.custom_field_changed'), cfg)).toEqual([]);
    expect(eventsOf(withField(withField(comment, 'detail.actor_id', '1'), 'event.comment.author.id', '8447388090495'), cfg)).toEqual([]);
    expect(eventsOf(comment, config({ api_user_id: 900 }))).toHaveLength(1);
  });

  it('names every bad field with its path', () => {
    let body = withField(comment, 'id', '');
    body = withField(body, 'time', '2026-11-24 09:10');
    body = withField(body, 'detail.assignee_id', 'dana');
    body = withField(body, 'detail.created_at', 'yesterday');
    body = withField(body, 'event.comment.is_public', 'maybe');
    body = withField(body, 'event.comment.author.is_staff', undefined);
    expect(errorsOf(body)).toEqual([
      { field: 'id', message: 'must not be empty' },
      { field: 'time', message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "2026-11-24 09:10"' },
      { field: 'detail.created_at', message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "yesterday"' },
      { field: 'detail.assignee_id', message: 'must be an id (digits) or null; got "dana"' },
      { field: 'event.comment.is_public', message: 'must be true or false; got "maybe"' },
      { field: 'event.comment.author.is_staff', message: 'required: true or false' },
    ]);
  });

  it('requires the comment of comment_added, and the creation time of a live ticket', () => {
    expect(errorsOf(withField(comment, 'event', {}))).toEqual([{ field: 'event.comment', message: 'required: the comment added (is_public, author.is_staff)' }]);
    expect(errorsOf(withField(statusChanged, 'detail.created_at', undefined))).toEqual([{ field: 'detail.created_at', message: 'required: when the ticket was created (ISO 8601)' }]);
  });

  it('refuses bodies of neither shape', () => {
    for (const body of [null, [], 'text', 42, { type: 'ticket.created' }, { ticket: {} }]) {
      expect(errorsOf(body)[0]!.field).toBe('(root)');
    }
  });
});
