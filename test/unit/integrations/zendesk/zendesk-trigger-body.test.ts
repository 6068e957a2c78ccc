/** Trigger/automation bodies (the README template, rendered by Zendesk) → TicketEvents. */
import { describe, expect, it } from 'vitest';
import { config, errorsOf, eventsOf, fixture, withField } from './zendesk-kit.js';

const updated = fixture('trigger-ticket-updated');
const commented = fixture('trigger-comment-added');

describe('Zendesk trigger bodies', () => {
  it('maps the ticket-updated template to a snapshot at updated_at', () => {
    expect(eventsOf(updated)).toEqual([
      {
        source: 'zendesk',
        eventId: expect.stringMatching(/^trigger:35436:2026-11-24T09:40Z:[0-9a-f]{16}$/),
        occurredAt: Date.parse('2026-11-24T09:40:00Z'),
        ticket: {
          id: '35436', status: 'pending', priority: 'high', createdAt: Date.parse('2026-11-24T09:00:00Z'), subject: 'Checkout is down',
          url: 'https://acme.zendesk.com/agent/tickets/35436', tags: ['enterprise', 'checkout'], group: 'Tier 1', organization: 'Acme Retail',
          assignee: 'Dana Agent', requester: 'pat@acme-customer.example', fields: {},
        },
      },
    ]);
  });

  describe('dedupe key: ticket id + updated_at + body digest', () => {
    it('is the same for a retried delivery, whatever the whitespace or key order', () => {
      const reordered = Object.fromEntries(Object.entries(updated).reverse());
      expect(eventsOf(reordered)[0]!.eventId).toBe(eventsOf(updated)[0]!.eventId);
      expect(eventsOf(JSON.parse(JSON.stringify(updated, null, 4)))[0]!.eventId).toBe(eventsOf(updated)[0]!.eventId);
    });

    it('differs for two updates within the same minute (updated_at may have no seconds)', () => {
      const a = eventsOf(commented)[0]!.eventId;
      const b = eventsOf(withField(commented, 'comment_author_role', 'agent'))[0]!.eventId;
      const c = eventsOf(withField(commented, 'status', 'Pending'))[0]!.eventId;
      expect(new Set([a, b, c]).size).toBe(3);
      expect([a, b, c].every((id) => id.startsWith('trigger:35436:2026-11-24T09:30Z:'))).toBe(true);
    });
  });

  it('reads a comment only when comment_public is given; native booleans work as well as text', () => {
    expect(eventsOf(commented)[0]!.comment).toEqual({ author: 'customer', public: true });
    expect(eventsOf(withField(commented, 'comment_public', 'FALSE'))[0]!.comment).toEqual({ author: 'customer', public: false });
    expect(eventsOf(withField(commented, 'comment_public', true))[0]!.comment).toEqual({ author: 'customer', public: true });
    expect(eventsOf(withField(commented, 'comment_public', ''))[0]).not.toHaveProperty('comment');
  });

  it('requires the author role with comment_public', () => {
    expect(errorsOf(withField(commented, 'comment_author_role', ''))).toEqual([
      { field: 'comment_author_role', message: 'required with comment_public: "{{ticket.latest_comment.author.role}}"' },
    ]);
  });

  it('drops updates made by our own API user (updater or comment author)', () => {
    const cfg = config({ api_user_id: '8447388090494' });
    expect(eventsOf(commented, cfg)).toEqual([]);
    expect(eventsOf(withField(commented, 'updater_id', '1'), cfg)).toEqual([]);
    expect(eventsOf(updated, cfg)).toHaveLength(1);
  });

  it('keeps an http(s) link, completes a bare host/path, and builds one otherwise', () => {
    expect(eventsOf(withField(updated, 'url', 'acme.zendesk.com/agent/tickets/35436'))[0]!.ticket.url).toBe('https://acme.zendesk.com/agent/tickets/35436');
    expect(eventsOf(withField(updated, 'url', 'https://help.acme.example/agent/tickets/35436'))[0]!.ticket.url).toBe('https://help.acme.example/agent/tickets/35436');
    for (const url of [undefined, '', 'javascript:alert(1)', 'not a link']) {
      expect(eventsOf(withField(updated, 'url', url))[0]!.ticket.url, String(url)).toBe('https://acme.zendesk.com/agent/tickets/35436');
    }
  });

  it('splits space-separated tags, takes an array too, and reads empty placeholders as null', () => {
    expect(eventsOf(withField(updated, 'tags', ' vip  enterprise '))[0]!.ticket.tags).toEqual(['vip', 'enterprise']);
    expect(eventsOf(withField(updated, 'tags', ['a', 'b']))[0]!.ticket.tags).toEqual(['a', 'b']);
    let blank = withField(updated, 'tags', '');
    for (const key of ['group', 'organization', 'assignee', 'requester', 'subject', 'priority']) blank = withField(blank, key, '');
    expect(eventsOf(blank)[0]!.ticket).toMatchObject({ tags: [], group: null, organization: null, assignee: null, requester: null, subject: null, priority: null });
  });

  it('passes custom fields through for policy matching', () => {
    expect(eventsOf(withField(updated, 'fields', { Plan: 'enterprise', Seats: 40, Trial: false, Region: null }))[0]!.ticket.fields).toEqual({ Plan: 'enterprise', Seats: 40, Trial: false, Region: null });
  });

  it('reads timestamps with or without seconds, and with offsets', () => {
    const [e] = eventsOf(withField(withField(updated, 'updated_at', '2026-11-24T10:40:12+01:00'), 'created_at', '2026-11-24T09:00:05Z'));
    expect(e!.occurredAt).toBe(Date.parse('2026-11-24T09:40:12Z'));
    expect(e!.ticket.createdAt).toBe(Date.parse('2026-11-24T09:00:05Z'));
  });

  it('names every bad field with its path', () => {
    const bad = { ticket_id: '#35436', created_at: 'May 18, 2026', updated_at: '', status: '', comment_public: 'yes', fields: [1], tags: 5 };
    expect(errorsOf(bad)).toEqual([
      { field: 'ticket_id', message: 'must be the ticket id (digits); got "#35436"' },
      { field: 'status', message: 'must not be empty; use "{{ticket.status}}"' },
      { field: 'created_at', message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "May 18, 2026"' },
      { field: 'updated_at', message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got ""' },
      { field: 'tags', message: 'must be an array of tags or a space-separated string; got 5' },
      { field: 'fields', message: 'must be an object; got an array' },
      { field: 'comment_public', message: 'must be true or false; got "yes"' },
    ]);
    expect(errorsOf({ ticket_id: '1' }).map((e) => e.field)).toEqual(['status', 'created_at', 'updated_at']);
  });
});
