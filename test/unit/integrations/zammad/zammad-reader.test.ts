/** Reading a Zammad ticket for resync, against nock: the request, the mapping (the webhook normalizer's), 404, 429 and 500. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { TicketReadError } from '../../../../integrations/shared/ticket-read.js';
import { createZammadReader, normalizeZammad, zammadIntegration } from '../../../../integrations/zammad/index.js';
import { BASE_URL, deliveryOf, fixture, zammadConfig } from './zammad-test-kit.js';
import { offlineHttp } from '../../../support/offline-http.js';

const TOKEN = 'zammad-api-token-7Qx2Lm9Vb4';
const PATH = '/api/v1/tickets/81?expand=true';
const { slept, sleep } = offlineHttp();

/** `GET /api/v1/tickets/81?expand=true`: attributes with association names (users by login). */
function expandedTicket(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 81, group_id: 3, priority_id: 3, state_id: 2, organization_id: 3, number: '10081', title: 'Checkout is down',
    owner_id: 5, customer_id: 8, note: null, first_response_at: null, first_response_escalation_at: '2026-11-24T10:00:00.000Z',
    close_at: null, last_contact_at: '2026-11-24T09:00:00.000Z', last_contact_customer_at: '2026-11-24T09:00:00.000Z',
    create_article_type_id: 1, create_article_sender_id: 2, article_count: 2, escalation_at: '2026-11-24T10:00:00.000Z',
    pending_time: null, type: null, time_unit: null, preferences: {}, impact: 'critical',
    updated_by_id: 5, created_by_id: 8, created_at: '2026-11-24T09:00:00.000Z', updated_at: '2026-11-24T09:42:10.123Z',
    article_ids: [104, 105], ticket_time_accounting_ids: [],
    group: 'Service Desk', organization: 'Awesome Customer Inc.', priority: '3 high', state: 'open',
    owner: 'emma@chrispresso.com', customer: 'emily@example.com', created_by: 'emily@example.com', updated_by: 'emma@chrispresso.com',
    ...over,
  };
}

function reader(over: Record<string, unknown> = {}) {
  const r = createZammadReader(zammadConfig({ api_token: TOKEN, fields: ['impact'], ...over }), { sleep });
  if (r === undefined) throw new Error('expected a reader');
  return r;
}

describe('Zammad ticket reader', () => {
  it('GETs /api/v1/tickets/{id}?expand=true with the token and maps it like a webhook', async () => {
    const scope = nock(BASE_URL).get(PATH).matchHeader('authorization', `Token token=${TOKEN}`).reply(200, expandedTicket());
    const event = await reader().read('81');
    expect(scope.isDone()).toBe(true);
    expect(event).toEqual({
      source: 'zammad',
      eventId: `resync-81-${Date.parse('2026-11-24T09:42:10.123Z')}`,
      occurredAt: Date.parse('2026-11-24T09:42:10.123Z'),
      ticket: {
        id: '81', status: 'open', priority: 'high', createdAt: Date.parse('2026-11-24T09:00:00Z'), subject: 'Checkout is down',
        url: `${BASE_URL}/#ticket/zoom/81`, tags: [], group: 'Service Desk', organization: 'Awesome Customer Inc.',
        assignee: 'emma@chrispresso.com', requester: 'emily@example.com', fields: { impact: 'critical' },
      },
    });
    expect(event?.comment).toBeUndefined();
    // The API names users by login where webhooks give emails, and has no tags: those stay as stored.
    expect(reader().keepsStored).toEqual(['assignee', 'requester', 'tags']);
  });

  it('maps state, priority, group, organization and fields exactly as the webhook of the same ticket', async () => {
    const hook = fixture('state-changed-no-article');
    const viaWebhook = normalizeZammad(hook, deliveryOf(hook), zammadConfig());
    if (!viaWebhook.ok) throw new Error('fixture should normalize');
    const t = hook.ticket as Record<string, any>;
    nock(BASE_URL).get(PATH).reply(200, expandedTicket({
      state: t.state, state_id: t.state_id, priority: t.priority.name, priority_id: t.priority_id, group: t.group.name,
      organization: undefined, organization_id: null, owner: '-', owner_id: 1, updated_at: t.updated_at, impact: undefined,
    }));
    const event = await reader({ fields: undefined }).read('81');
    const { assignee, requester, tags, ...rest } = viaWebhook.events[0]!.ticket;
    expect(event?.ticket).toMatchObject(rest);
    expect(event?.ticket.assignee).toBeNull();
    expect(event?.occurredAt).toBe(viaWebhook.events[0]!.occurredAt);
  });

  it('follows configured state overrides, marks merged tickets deleted, and names the key for an unknown priority', async () => {
    nock(BASE_URL).get(PATH).reply(200, expandedTicket({ state: 'waiting for vendor', state_id: 9 }));
    expect((await reader({ statuses: { 'waiting for vendor': 'on_hold' } }).read('81'))?.ticket.status).toBe('on_hold');
    nock(BASE_URL).get(PATH).reply(200, expandedTicket({ state: 'merged', state_id: 5 }));
    expect((await reader().read('81'))?.deleted).toBe(true);
    nock(BASE_URL).get(PATH).reply(200, expandedTicket({ priority: '4 critical', priority_id: 4 }));
    await expect(reader().read('81')).rejects.toThrow(/priority\.name: unknown value "4 critical".*integrations\.zammad\.priorities/);
  });

  it('refuses a non-numeric id without calling Zammad', async () => {
    await expect(reader().read('../users/1')).rejects.toBeInstanceOf(TicketReadError);
  });

  it('answers null for a 404', async () => {
    nock(BASE_URL).get(PATH).reply(404, { error: "Couldn't find Ticket with 'id'=81" });
    expect(await reader().read('81')).toBeNull();
  });

  it('waits out a 429 Retry-After in place, then reads', async () => {
    const scope = nock(BASE_URL).get(PATH).reply(429, {}, { 'Retry-After': '2' }).get(PATH).reply(200, expandedTicket());
    expect((await reader().read('81'))?.ticket.status).toBe('open');
    expect(scope.isDone()).toBe(true);
    expect(slept).toEqual([2000]);
  });

  it('throws on a 500 after its retries, naming the request and never the token', async () => {
    nock(BASE_URL).get(PATH).times(3).reply(500, 'oops');
    const err = (await reader().read('81').catch((e: unknown) => e)) as TicketReadError;
    expect(err).toBeInstanceOf(TicketReadError);
    expect(err).toMatchObject({ status: 500, code: 'sla_resync_read_failed' });
    expect(err.message).toBe(`GET ${PATH} answered 500`);
    expect(err.message).not.toContain(TOKEN);
  });

  it('has no reader without an API token', () => {
    expect(zammadIntegration.reader?.(zammadConfig())).toBeUndefined();
    expect(zammadIntegration.reader?.(zammadConfig({ api_token: TOKEN }))).toBeDefined();
  });
});
