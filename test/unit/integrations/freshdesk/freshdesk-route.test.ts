/** Freshdesk deliveries through the real HTTP route: authentication, mapping, errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { freshdeskIntegration, type FreshdeskConfig } from '../../../../integrations/freshdesk/index.js';
import { startApp, stopApps } from '../../http/app-harness.js';
import { basicAuth, FD_PREVIOUS_SECRET, FD_SECRET, fdBody, fdConfig } from './freshdesk-fixtures.js';

afterEach(stopApps);

const at = (iso: string) => Date.parse(iso);

async function app(config: FreshdeskConfig = fdConfig()) {
  return startApp({ registry: new Map([[freshdeskIntegration.name, freshdeskIntegration]]), integrationConfig: { freshdesk: config } });
}

function post(base: string, body: unknown, headers: Record<string, string> = { authorization: basicAuth('sla-timer', FD_SECRET) }): Promise<Response> {
  return fetch(`${base}/webhooks/freshdesk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface ErrorBody { error: { code: string; message: string; fields?: Array<{ field: string; message: string }> } }

describe('POST /webhooks/freshdesk', () => {
  it('accepts a rule delivery with basic auth and ingests the canonical event, every field mapped', async () => {
    const h = await app();
    const res = await post(h.base, fdBody('ticket-created'));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(h.ingest.received).toEqual([[
      {
        source: 'freshdesk',
        eventId: '4711:ticket_created:2026-11-24T09:00:00.000Z',
        occurredAt: at('2026-11-24T09:00:00Z'),
        ticket: {
          id: '4711',
          status: 'open',
          priority: 'high',
          createdAt: at('2026-11-24T09:00:00Z'),
          subject: 'Checkout is down',
          url: 'https://acme.freshdesk.com/helpdesk/tickets/4711',
          tags: ['enterprise', 'billing'],
          group: 'Tier 1',
          organization: 'Acme Corp',
          assignee: null,
          requester: 'pat@example.com',
          fields: {},
        },
      },
    ]]);
  });

  it('maps an agent reply with offsets, numbers and the comment', async () => {
    const h = await app();
    expect((await post(h.base, fdBody('agent-reply'), { 'x-sla-token': FD_SECRET })).status).toBe(202);
    expect((await post(h.base, fdBody('ticket-updated'), { 'x-sla-token': FD_SECRET })).status).toBe(202);
    const [reply, updated] = h.ingest.events;
    expect(reply).toMatchObject({
      eventId: '4711:agent_reply:2026-11-24T09:10:00.000Z',
      occurredAt: at('2026-11-24T09:10:00Z'),
      ticket: { createdAt: at('2026-11-24T09:00:00Z'), assignee: 'Dana Agent', status: 'open', priority: 'high' },
      comment: { author: 'agent', public: true },
    });
    expect(updated).toMatchObject({ ticket: { status: 'pending', priority: 'urgent', group: 'Tier 2' } });
    expect(updated).not.toHaveProperty('comment');
  });

  it('accepts X-SLA-Token instead of basic auth', async () => {
    const h = await app();
    expect((await post(h.base, fdBody('customer-reply'), { 'x-sla-token': FD_SECRET })).status).toBe(202);
    expect(h.ingest.events[0]!.comment).toEqual({ author: 'customer', public: true });
  });

  it.each([
    ['basic auth', { authorization: basicAuth('sla-timer', FD_PREVIOUS_SECRET) }],
    ['X-SLA-Token', { 'x-sla-token': FD_PREVIOUS_SECRET }],
  ])('accepts previous_secret during a rotation (%s)', async (_name, headers) => {
    const h = await app();
    expect((await post(h.base, fdBody('ticket-created'), headers)).status).toBe(202);
    expect(h.ingest.events).toHaveLength(1);
  });

  it('refuses the previous secret once the rotation is over (previous_secret removed)', async () => {
    const h = await app(fdConfig({ previous_secret: undefined }));
    expect((await post(h.base, fdBody('ticket-created'), { 'x-sla-token': FD_PREVIOUS_SECRET })).status).toBe(401);
    expect((await post(h.base, fdBody('ticket-created'), { 'x-sla-token': FD_SECRET })).status).toBe(202);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a wrong basic auth password', { authorization: basicAuth('sla-timer', 'guess') }, /basic auth credentials do not match/],
    ['a wrong basic auth user', { authorization: basicAuth('admin', FD_SECRET) }, /basic auth credentials do not match/],
    ['a wrong X-SLA-Token', { 'x-sla-token': 'guess' }, /X-SLA-Token does not match/],
    ['no credentials', {}, /missing credentials/],
    ['a bearer token', { authorization: `Bearer ${FD_SECRET}` }, /malformed Authorization header/],
    ['basic auth without a colon', { authorization: `Basic ${Buffer.from(FD_SECRET).toString('base64')}` }, /malformed basic auth/],
    ['the secret of another source', { 'x-sla-token': 'generic-secret-123' }, /X-SLA-Token does not match/],
  ])('refuses %s with 401 and ingests nothing', async (_name, headers, reason) => {
    const h = await app();
    const res = await post(h.base, fdBody('ticket-created'), headers);
    expect(res.status).toBe(401);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('sla_signature_invalid');
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain(FD_SECRET);
    expect(h.ingest.received).toEqual([]);
  });

  it('does not parse or judge the body before authenticating it', async () => {
    const h = await app();
    const res = await post(h.base, '{not json', { 'x-sla-token': 'guess' });
    expect(res.status).toBe(401);
    expect(h.ingest.received).toEqual([]);
  });

  it('answers an unknown status with 400 naming the value and the config key', async () => {
    const h = await app();
    const res = await post(h.base, fdBody('ticket-updated', { status: 'Awaiting Approval' }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('sla_payload_invalid');
    expect(error.fields).toHaveLength(1);
    expect(error.fields![0]!.field).toBe('status');
    expect(error.fields![0]!.message).toContain('"Awaiting Approval"');
    expect(error.fields![0]!.message).toContain('integrations.freshdesk.statuses');
    expect(h.ingest.received).toEqual([]);
  });

  it('answers an unknown priority with 400 naming the value and the config key', async () => {
    const h = await app();
    const res = await post(h.base, fdBody('ticket-updated', { priority: '9' }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.fields).toEqual([{ field: 'priority', message: expect.stringContaining('"9"') }]);
    expect(error.fields![0]!.message).toContain('integrations.freshdesk.priorities');
  });

  it('lets a config override map a custom status', async () => {
    const h = await app(fdConfig({ statuses: { 'Awaiting Approval': 'on_hold', '3': 'on_hold' } }));
    expect((await post(h.base, fdBody('ticket-updated', { status: 'Awaiting Approval' }))).status).toBe(202);
    expect((await post(h.base, fdBody('ticket-updated', { event: 'agent_reply' }))).status).toBe(202);
    expect(h.ingest.events.map((e) => e.ticket.status)).toEqual(['on_hold', 'on_hold']);
  });

  it('names every bad field of a malformed template', async () => {
    const h = await app();
    const res = await post(h.base, { ...fdBody('ticket-created'), event: 'reply', ticket_id: '{{ticket.id}}', updated_at: '' });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.fields!.map((f) => f.field)).toEqual(['event', 'ticket_id', 'updated_at']);
  });

  it('answers a repeated delivery as a duplicate (same ticket, event and time)', async () => {
    const h = await app();
    await post(h.base, fdBody('agent-reply'));
    const res = await post(h.base, fdBody('agent-reply'));
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1 });
  });
});
