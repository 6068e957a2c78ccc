/** Reading a Freshdesk ticket for resync, against nock: the request, the mapping, 404, 429 and 500. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createFreshdeskReader, freshdeskIntegration } from '../../../../integrations/freshdesk/index.js';
import { TicketReadError } from '../../../../integrations/shared/ticket-read.js';
import { fdConfig } from './freshdesk-fixtures.js';
import { offlineHttp } from '../../../support/offline-http.js';

const BASE = 'https://acme.freshdesk.com';
const API_KEY = 'fdApiKey0123456789';
const AUTH = `Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}`;
const { slept, sleep } = offlineHttp();

/** "View a ticket" as Freshdesk API v2 answers it (numbers for status and priority). */
function viewTicket(over: Record<string, unknown> = {}) {
  return {
    cc_emails: [], fwd_emails: [], reply_cc_emails: [], email_config_id: null, fr_escalated: false,
    group_id: 43000512345, priority: 3, requester_id: 43001234567, responder_id: 43007654321, source: 2, spam: false,
    status: 4, subject: 'Invoice PDF is empty', company_id: 43000998877, id: 4711, type: 'Incident', to_emails: null,
    product_id: null, fr_due_by: '2026-11-24T13:00:00Z', is_escalated: false, due_by: '2026-11-25T09:00:00Z',
    description: '<div>The PDF has no pages.</div>', description_text: 'The PDF has no pages.',
    custom_fields: { cf_plan: 'gold' }, created_at: '2026-11-24T09:00:00Z', updated_at: '2026-11-24T10:15:30Z',
    tags: ['billing', 'vip'],
    ...over,
  };
}

function reader(over: Record<string, unknown> = {}) {
  const r = createFreshdeskReader(fdConfig({ api_key: API_KEY, ...over }), { sleep });
  if (r === undefined) throw new Error('expected a reader');
  return r;
}

describe('Freshdesk ticket reader', () => {
  it('GETs /api/v2/tickets/{id} with the API key and maps status and priority numbers with the webhook tables', async () => {
    const scope = nock(BASE).get('/api/v2/tickets/4711').matchHeader('authorization', AUTH).reply(200, viewTicket());
    const event = await reader().read('4711');
    expect(scope.isDone()).toBe(true);
    expect(event).toEqual({
      source: 'freshdesk',
      eventId: `resync-4711-${Date.parse('2026-11-24T10:15:30Z')}`,
      occurredAt: Date.parse('2026-11-24T10:15:30Z'),
      ticket: {
        id: '4711', status: 'solved', priority: 'high', createdAt: Date.parse('2026-11-24T09:00:00Z'), subject: 'Invoice PDF is empty',
        url: 'https://acme.freshdesk.com/helpdesk/tickets/4711', tags: ['billing', 'vip'],
        group: null, organization: null, assignee: null, requester: null, fields: {},
      },
    });
    // The automation template renders names and picks its own fields: those stay as stored.
    expect(reader().keepsStored).toEqual(expect.arrayContaining(['group', 'organization', 'assignee', 'requester', 'fields', 'url']));
  });

  it('uses the configured status overrides (custom statuses by number) and names the key for an unknown one', async () => {
    nock(BASE).get('/api/v2/tickets/4711').reply(200, viewTicket({ status: 8 }));
    expect((await reader({ statuses: { '8': 'pending' } }).read('4711'))?.ticket.status).toBe('pending');
    nock(BASE).get('/api/v2/tickets/4711').reply(200, viewTicket({ status: 9 }));
    await expect(reader().read('4711')).rejects.toThrow(/status: unknown value "9".*integrations\.freshdesk\.statuses/);
  });

  it('turns a deleted or spam ticket into a deletion', async () => {
    nock(BASE).get('/api/v2/tickets/4711').reply(200, viewTicket({ deleted: true, status: 2 }));
    expect((await reader().read('4711'))?.deleted).toBe(true);
    nock(BASE).get('/api/v2/tickets/4711').reply(200, viewTicket({ spam: true, status: 2 }));
    expect((await reader().read('4711'))?.deleted).toBe(true);
  });

  it('answers null for a 404', async () => {
    nock(BASE).get('/api/v2/tickets/4711').reply(404, { code: 'access_denied' });
    expect(await reader().read('4711')).toBeNull();
  });

  it('waits out a 429 Retry-After, then reads', async () => {
    const scope = nock(BASE).get('/api/v2/tickets/4711').reply(429, {}, { 'Retry-After': '1' }).get('/api/v2/tickets/4711').reply(200, viewTicket({ status: 3 }));
    expect((await reader().read('4711'))?.ticket.status).toBe('pending');
    expect(scope.isDone()).toBe(true);
    expect(slept).toEqual([1000]);
  });

  it('throws a TicketReadError on a 500 after its retries', async () => {
    nock(BASE).get('/api/v2/tickets/4711').times(3).reply(500);
    await expect(reader().read('4711')).rejects.toMatchObject({ name: 'TicketReadError', status: 500, message: 'GET /api/v2/tickets/4711 answered 500' });
  });

  it('refuses an id that is not a Freshdesk ticket number, and has no reader without api_key', async () => {
    await expect(reader().read('4711/notes')).rejects.toBeInstanceOf(TicketReadError);
    expect(freshdeskIntegration.reader?.(fdConfig())).toBeUndefined();
  });
});
