/** Reading a Help Scout conversation for resync, against nock: token, request, mapping (the webhook normalizer's), 301/404, 429 and 500. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createHelpscoutReader, helpscoutIntegration, normalizeHelpscout } from '../../../../integrations/helpscout/index.js';
import { TicketReadError } from '../../../../integrations/shared/ticket-read.js';
import { deliveryOf, fixture, helpscoutConfig } from './helpscout-test-kit.js';
import { offlineHttp } from '../../../support/offline-http.js';

const API = 'https://api.helpscout.net';
const APP_ID = 'hs-app-id-4c1d';
const APP_SECRET = 'hs-app-secret-9e8f7a';
const FORM = `grant_type=client_credentials&client_id=${APP_ID}&client_secret=${APP_SECRET}`;
const ID = '2391938111';
const PATH = `/v2/conversations/${ID}`;
const { slept, sleep } = offlineHttp();

function tokenEndpoint(token: string) {
  return nock(API).post('/v2/oauth2/token', FORM).reply(200, { token_type: 'bearer', access_token: token, expires_in: 172800 });
}

/** "Get Conversation": the v2 conversation object, as the status-pending webhook carries it. */
function conversation(over: Record<string, unknown> = {}): Record<string, any> {
  return { ...fixture('status-pending'), ...over };
}

function reader(over: Record<string, unknown> = {}) {
  const r = createHelpscoutReader(helpscoutConfig({ app_id: APP_ID, app_secret: APP_SECRET, mailboxes: { '85': 'Support' }, ...over }), { sleep });
  if (r === undefined) throw new Error('expected a reader');
  return r;
}

describe('Help Scout conversation reader', () => {
  it('GETs /v2/conversations/{id} with a client-credentials token and maps it exactly as its webhook', async () => {
    const token = tokenEndpoint('tok-1');
    const scope = nock(API).get(PATH).matchHeader('authorization', 'Bearer tok-1').reply(200, conversation());
    const r = reader();
    const event = await r.read(ID);
    expect(token.isDone()).toBe(true);
    expect(scope.isDone()).toBe(true);
    const hook = fixture('status-pending');
    const viaWebhook = normalizeHelpscout(hook, deliveryOf('convo.status', hook), helpscoutConfig({ mailboxes: { '85': 'Support' } }));
    if (!viaWebhook.ok) throw new Error('fixture should normalize');
    const at = Date.parse('2026-11-24T09:40:00Z');
    expect(event).toEqual({ source: 'helpscout', eventId: `resync-${ID}-${at}`, occurredAt: at, ticket: viaWebhook.events[0]!.ticket });
    expect(event?.ticket).toMatchObject({
      id: ID, status: 'pending', priority: 'high', group: 'Support', assignee: 'dana@example.com', requester: 'pat@acme.test',
      tags: ['enterprise', 'p2'], url: 'https://secure.helpscout.net/conversation/2391938111/349', fields: { Plan: 'Enterprise', Seats: '40' },
    });
    expect(event?.comment).toBeUndefined();
    // The API answers the same conversation object webhooks carry: nothing is kept from the stored ticket.
    expect(r.keepsStored ?? []).toEqual([]);
  });

  it('reuses the token, and fetches a new one once when the API answers 401', async () => {
    tokenEndpoint('tok-1');
    nock(API).get(PATH).matchHeader('authorization', 'Bearer tok-1').reply(200, conversation());
    nock(API).get(PATH).matchHeader('authorization', 'Bearer tok-1').reply(401, { error: 'invalid_token' });
    tokenEndpoint('tok-2');
    const retried = nock(API).get(PATH).matchHeader('authorization', 'Bearer tok-2').reply(200, conversation({ status: 'closed' }));
    const r = reader();
    expect((await r.read(ID))?.ticket.status).toBe('pending');
    expect((await r.read(ID))?.ticket.status).toBe('closed');
    expect(retried.isDone()).toBe(true);
  });

  it('marks spam and trashed conversations deleted, and names the key for an unknown priority value', async () => {
    tokenEndpoint('tok-1');
    nock(API).get(PATH).reply(200, conversation({ status: 'spam' })).get(PATH).reply(200, conversation({ state: 'deleted' }));
    const r = reader();
    expect((await r.read(ID))?.deleted).toBe(true);
    expect((await r.read(ID))?.deleted).toBe(true);
    tokenEndpoint('tok-1');
    nock(API).get(PATH).reply(200, conversation());
    await expect(reader({ priority_field: 'Plan' }).read(ID)).rejects.toThrow(/customFields\[0\]\.text: unknown value "Enterprise".*integrations\.helpscout\.priorities/);
  });

  it('answers null for a 404 and for a conversation merged away (301), and refuses a bad id', async () => {
    tokenEndpoint('tok-1');
    nock(API).get(PATH).reply(404).get(PATH).reply(301, '', { Location: `${API}/v2/conversations/2391938222` });
    const r = reader();
    expect(await r.read(ID)).toBeNull();
    expect(await r.read(ID)).toBeNull();
    await expect(r.read('../mailboxes')).rejects.toBeInstanceOf(TicketReadError);
  });

  it('waits out a 429 Retry-After, then reads', async () => {
    tokenEndpoint('tok-1');
    const scope = nock(API).get(PATH).reply(429, {}, { 'Retry-After': '2' }).get(PATH).reply(200, conversation());
    expect((await reader().read(ID))?.ticket.status).toBe('pending');
    expect(scope.isDone()).toBe(true);
    expect(slept).toEqual([2000]);
  });

  it('throws on a 500 after its retries, naming the request and never the token or app secret', async () => {
    tokenEndpoint('tok-1');
    nock(API).get(PATH).times(3).reply(500, { message: 'oops' });
    const err = (await reader().read(ID).catch((e: unknown) => e)) as TicketReadError;
    expect(err).toBeInstanceOf(TicketReadError);
    expect(err).toMatchObject({ status: 500, code: 'sla_resync_read_failed', message: `GET ${PATH} answered 500` });
    expect(JSON.stringify({ ...err, message: err.message })).not.toMatch(/tok-1|hs-app-secret|hs-app-id/);
  });

  it('reports a failed token request as such, not as a missing conversation', async () => {
    nock(API).post('/v2/oauth2/token').reply(404, {});
    const err = (await reader().read(ID).catch((e: unknown) => e)) as TicketReadError;
    expect(err).toBeInstanceOf(TicketReadError);
    expect(err.message).toBe('no Help Scout token: POST /v2/oauth2/token answered 404');
    expect(err.message).not.toMatch(/hs-app-secret/);
  });

  it('has no reader without the app credentials', () => {
    expect(helpscoutIntegration.reader?.(helpscoutConfig())).toBeUndefined();
    expect(helpscoutIntegration.reader?.(helpscoutConfig({ app_id: APP_ID, app_secret: APP_SECRET }))).toBeDefined();
  });
});
