/** Reading an Intercom conversation for resync, against nock: the request, the mapping (the webhook normalizer's), 404, 429 and 500. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createIntercomReader, intercomIntegration, normalizeIntercom } from '../../../../integrations/intercom/index.js';
import { TicketReadError } from '../../../../integrations/shared/ticket-read.js';
import { deliveryOf, fixture, intercomConfig } from './intercom-test-kit.js';
import { offlineHttp } from '../../../support/offline-http.js';

const API = 'https://api.intercom.io';
const TOKEN = 'dG9rOmludGVyY29tLXRlc3QtdG9rZW4=';
const ID = '147000000012';
const PATH = `/conversations/${ID}`;
const { slept, sleep } = offlineHttp();

/** "Retrieve a conversation": the Conversation model the snoozed notification carries, with every part. */
function conversation(over: Record<string, unknown> = {}): Record<string, any> {
  const item = fixture('conversation-admin-snoozed').data.item as Record<string, any>;
  const ourNote = { type: 'conversation_part', id: '9005', part_type: 'note', body: '<p>SLA: first response due</p>', created_at: 1795513300, author: { type: 'admin', id: '814860', name: 'SLA bot', email: 'sla@acme.test' } };
  return { ...item, conversation_parts: { ...item.conversation_parts, conversation_parts: [...item.conversation_parts.conversation_parts, ourNote], total_count: 2 }, ...over };
}

const teams = { '5017691': 'Payments' };

function reader(over: Record<string, unknown> = {}) {
  const r = createIntercomReader(intercomConfig({ access_token: TOKEN, admin_id: '814860', teams, ...over }), { sleep });
  if (r === undefined) throw new Error('expected a reader');
  return r;
}

describe('Intercom conversation reader', () => {
  it('GETs /conversations/{id} with the access token and version and maps it exactly as its webhook', async () => {
    const scope = nock(API).get(PATH).matchHeader('authorization', `Bearer ${TOKEN}`).matchHeader('intercom-version', '2.11').reply(200, conversation());
    const r = reader();
    const event = await r.read(ID);
    expect(scope.isDone()).toBe(true);
    const hook = fixture('conversation-admin-snoozed');
    const viaWebhook = normalizeIntercom(hook, deliveryOf(hook), intercomConfig({ teams }));
    if (!viaWebhook.ok) throw new Error('fixture should normalize');
    const at = 1795513200 * 1000;
    // Our own newest note does not drop the snapshot; a snapshot carries no comment.
    expect(event).toEqual({ source: 'intercom', eventId: `resync-${ID}-${at}`, occurredAt: at, ticket: { ...viaWebhook.events[0]!.ticket, url: null } });
    expect(event?.ticket).toMatchObject({ status: 'pending', priority: 'high', group: 'Payments', requester: 'pat@acme.test', tags: ['enterprise'] });
    // The inbox link needs the app id only notifications carry: it stays as stored.
    expect(r.keepsStored).toEqual(['url']);
  });

  it('follows the configured state and priority maps, and names the key for an unknown value', async () => {
    nock(API).get(PATH).reply(200, conversation({ state: 'snoozed' }));
    expect((await reader({ statuses: { snoozed: 'on_hold' } }).read(ID))?.ticket.status).toBe('on_hold');
    nock(API).get(PATH).reply(200, conversation({ priority: 'p0' }));
    await expect(reader().read(ID)).rejects.toThrow(/priority: unknown value "p0".*integrations\.intercom\.priorities/);
    nock(API).get(PATH).reply(200, conversation({ updated_at: undefined }));
    await expect(reader().read(ID)).rejects.toThrow(/updated_at: required/);
  });

  it('uses the configured regional API host, and refuses a bad id', async () => {
    const scope = nock('https://api.eu.intercom.io').get(PATH).reply(200, conversation({ state: 'closed', open: false }));
    expect((await reader({ api_url: 'https://api.eu.intercom.io' }).read(ID))?.ticket.status).toBe('solved');
    expect(scope.isDone()).toBe(true);
    await expect(reader().read('../admins')).rejects.toBeInstanceOf(TicketReadError);
  });

  it('answers null for a 404', async () => {
    nock(API).get(PATH).reply(404, { type: 'error.list', request_id: 'req-1', errors: [{ code: 'not_found', message: 'Resource Not Found' }] });
    expect(await reader().read(ID)).toBeNull();
  });

  it('waits out a 429 Retry-After, then reads', async () => {
    const scope = nock(API).get(PATH).reply(429, {}, { 'Retry-After': '3' }).get(PATH).reply(200, conversation());
    expect((await reader().read(ID))?.ticket.status).toBe('pending');
    expect(scope.isDone()).toBe(true);
    expect(slept).toEqual([3000]);
  });

  it('throws on a 500 after its retries, naming the request and never the token', async () => {
    nock(API).get(PATH).times(3).reply(500, { type: 'error.list' });
    const err = (await reader().read(ID).catch((e: unknown) => e)) as TicketReadError;
    expect(err).toBeInstanceOf(TicketReadError);
    expect(err).toMatchObject({ status: 500, code: 'sla_resync_read_failed', message: `GET ${PATH} answered 500` });
    expect(err.message).not.toContain(TOKEN);
  });

  it('has no reader without an access token (admin_id is not needed to read)', () => {
    expect(intercomIntegration.reader?.(intercomConfig())).toBeUndefined();
    expect(intercomIntegration.reader?.(intercomConfig({ access_token: TOKEN }))).toBeDefined();
  });
});
