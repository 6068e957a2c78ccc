/** Reading a Zendesk ticket for resync, against nock: the request, the mapping, 404, 429 and 500. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { TicketReadError } from '../../../../integrations/shared/ticket-read.js';
import { createZendeskReader, zendeskIntegration } from '../../../../integrations/zendesk/index.js';
import { config, eventsOf, fixture } from './zendesk-kit.js';
import { offlineHttp } from '../../../support/offline-http.js';

const API = 'https://acme.zendesk.com';
const EMAIL = 'sla-bot@acme.example';
const TOKEN = 'Zx9Q8w7E6r5T4y3U2i1O0pAsDfGhJkL';
const BASIC = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`;
const { slept, sleep } = offlineHttp();

/** A "Show Ticket" answer as Zendesk documents it (trimmed of fields the mapping ignores). */
function showTicket(over: Record<string, unknown> = {}) {
  return {
    ticket: {
      url: `${API}/api/v2/tickets/35436.json`,
      id: 35436,
      external_id: null,
      type: 'incident',
      subject: 'Checkout is down',
      raw_subject: 'Checkout is down',
      description: 'Customers cannot pay since 08:55.',
      priority: 'urgent',
      status: 'solved',
      custom_status_id: 123,
      recipient: 'support@acme.example',
      requester_id: 8447388090494,
      submitter_id: 8447388090494,
      assignee_id: 8447388090495,
      organization_id: 509974,
      group_id: 98738,
      collaborator_ids: [],
      follower_ids: [],
      tags: ['enterprise', 'checkout'],
      custom_fields: [{ id: 27642, value: '745' }],
      created_at: '2026-11-24T09:00:00Z',
      updated_at: '2026-11-24T11:42:07Z',
      ...over,
    },
  };
}

function reader(over: Record<string, unknown> = {}) {
  const r = createZendeskReader(config({ write_back: { email: EMAIL, api_token: TOKEN }, ...over }), { sleep });
  if (r === undefined) throw new Error('expected a reader');
  return r;
}

describe('Zendesk ticket reader', () => {
  it('GETs /api/v2/tickets/{id}.json with the write-back credentials and maps it like a webhook', async () => {
    const scope = nock(API).get('/api/v2/tickets/35436.json').matchHeader('authorization', BASIC).reply(200, showTicket());
    const event = await reader().read('35436');
    expect(scope.isDone()).toBe(true);
    expect(event).toEqual({
      source: 'zendesk',
      eventId: `resync-35436-${Date.parse('2026-11-24T11:42:07Z')}`,
      occurredAt: Date.parse('2026-11-24T11:42:07Z'),
      ticket: {
        id: '35436', status: 'solved', priority: 'urgent', createdAt: Date.parse('2026-11-24T09:00:00Z'), subject: 'Checkout is down',
        url: 'https://acme.zendesk.com/agent/tickets/35436', tags: ['enterprise', 'checkout'],
        group: '98738', organization: '509974', assignee: '8447388090495', requester: '8447388090494', fields: {},
      },
    });
    // Names rendered by trigger templates cannot come from the API: the stored values stay.
    expect(reader().keepsStored).toEqual(expect.arrayContaining(['group', 'organization', 'assignee', 'requester', 'fields']));
  });

  it('maps status, priority and ids exactly as an event-subscription webhook of the same ticket', async () => {
    const webhook = eventsOf(fixture('event-status-changed'))[0]!;
    const detail = fixture('event-status-changed').detail as Record<string, unknown>;
    nock(API).get(`/api/v2/tickets/${webhook.ticket.id}.json`).reply(200, { ticket: { ...detail, id: Number(detail.id), status: String(detail.status).toLowerCase() } });
    const event = await reader().read(webhook.ticket.id);
    expect(event?.ticket).toEqual(webhook.ticket);
  });

  it('follows the configured custom statuses and status overrides, and says which key maps an unknown value', async () => {
    nock(API).get('/api/v2/tickets/35436.json').reply(200, showTicket({ status: 'open', custom_status_id: 777 }));
    expect((await reader({ custom_statuses: { '777': 'on_hold' } }).read('35436'))?.ticket.status).toBe('on_hold');
    nock(API).get('/api/v2/tickets/35436.json').reply(200, showTicket({ priority: 'p0' }));
    await expect(reader().read('35436')).rejects.toThrow(/ticket\.priority: unknown value "p0".*integrations\.zendesk\.priorities/);
  });

  it('turns a deleted status into a deletion, and refuses a bad id without calling Zendesk', async () => {
    nock(API).get('/api/v2/tickets/35436.json').reply(200, showTicket({ status: 'deleted' }));
    const event = await reader().read('35436');
    expect(event?.deleted).toBe(true);
    expect(event?.ticket.status).toBe('open');
    await expect(reader().read('../users/1')).rejects.toBeInstanceOf(TicketReadError);
  });

  it('answers null for a 404', async () => {
    nock(API).get('/api/v2/tickets/35436.json').reply(404, { error: 'RecordNotFound', description: 'Not found' });
    expect(await reader().read('35436')).toBeNull();
  });

  it('waits out a 429 Retry-After in place, then reads', async () => {
    const scope = nock(API).get('/api/v2/tickets/35436.json').reply(429, {}, { 'Retry-After': '2' }).get('/api/v2/tickets/35436.json').reply(200, showTicket());
    expect((await reader().read('35436'))?.ticket.status).toBe('solved');
    expect(scope.isDone()).toBe(true);
    expect(slept).toEqual([2000]);
  });

  it('throws a TicketReadError with the wait when the tool asks for a long pause', async () => {
    nock(API).get('/api/v2/tickets/35436.json').reply(429, {}, { 'Retry-After': '120' });
    const err = await reader().read('35436').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TicketReadError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 120_000, code: 'sla_resync_read_failed' });
  });

  it('throws on a 500 after its retries, naming the request and never the token', async () => {
    nock(API).get('/api/v2/tickets/35436.json').times(3).reply(500, 'oops');
    const err = (await reader().read('35436').catch((e: unknown) => e)) as TicketReadError;
    expect(err).toBeInstanceOf(TicketReadError);
    expect(err.status).toBe(500);
    expect(err.message).toBe('GET /api/v2/tickets/35436.json answered 500');
    expect(err.message).not.toContain(TOKEN);
  });

  it('has no reader without write-back credentials', () => {
    expect(zendeskIntegration.reader?.(config())).toBeUndefined();
    expect(zendeskIntegration.reader?.(config({ write_back: { email: EMAIL, api_token: TOKEN } }))).toBeDefined();
  });
});
