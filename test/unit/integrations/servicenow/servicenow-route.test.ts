/** ServiceNow deliveries through the real HTTP route: authentication, mapping, errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { servicenowIntegration, type ServicenowConfig } from '../../../../integrations/servicenow/index.js';
import { startApp, stopApps } from '../../http/app-harness.js';
import { basicAuth, SN_PREVIOUS_SECRET, SN_SECRET, snBody, snConfig, SYS_ID } from './servicenow-fixtures.js';

afterEach(stopApps);

const at = (iso: string) => Date.parse(iso);

async function app(config: ServicenowConfig = snConfig()) {
  return startApp({ registry: new Map([[servicenowIntegration.name, servicenowIntegration]]), integrationConfig: { servicenow: config } });
}

function post(base: string, body: unknown, headers: Record<string, string> = { authorization: basicAuth('sla-timer', SN_SECRET) }): Promise<Response> {
  return fetch(`${base}/webhooks/servicenow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface ErrorBody { error: { code: string; message: string; fields?: Array<{ field: string; message: string }> } }

describe('POST /webhooks/servicenow', () => {
  it('accepts a business-rule delivery with basic auth and ingests the canonical event, every field mapped', async () => {
    const h = await app();
    const res = await post(h.base, snBody('incident-created'));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(h.ingest.received).toEqual([[
      {
        source: 'servicenow',
        eventId: `${SYS_ID}:0`,
        occurredAt: at('2026-11-24T09:00:00Z'),
        ticket: {
          id: SYS_ID,
          status: 'open',
          priority: 'high',
          createdAt: at('2026-11-24T09:00:00Z'),
          subject: 'INC0010042: Email is down for the Berlin office',
          url: `https://acme.service-now.com/incident.do?sys_id=${SYS_ID}`,
          tags: [],
          group: 'Service Desk',
          organization: 'ACME North America',
          assignee: null,
          requester: 'Abel Tuter',
          fields: { number: 'INC0010042', impact: '1', urgency: '2' },
        },
      },
    ]]);
  });

  it('maps comments: an agent comment is public agent, a caller comment is public customer, a work note is internal', async () => {
    const h = await app();
    for (const name of ['agent-comment', 'caller-comment', 'on-hold-awaiting-caller', 'work-note'] as const) {
      expect((await post(h.base, snBody(name), { 'x-sla-token': SN_SECRET })).status).toBe(202);
    }
    expect(h.ingest.events.map((e) => [e.eventId, e.ticket.status, e.ticket.priority, e.comment])).toEqual([
      [`${SYS_ID}:1`, 'open', 'high', { author: 'agent', public: true }],
      [`${SYS_ID}:2`, 'open', 'high', { author: 'customer', public: true }],
      [`${SYS_ID}:3`, 'pending', 'high', { author: 'agent', public: true }],
      [`${SYS_ID}:4`, 'on_hold', 'urgent', { author: 'agent', public: false }],
    ]);
    expect(h.ingest.events[3]!.ticket.group).toBe('Messaging');
  });

  it.each([
    ['basic auth', { authorization: basicAuth('sla-timer', SN_PREVIOUS_SECRET) }],
    ['X-SLA-Token', { 'x-sla-token': SN_PREVIOUS_SECRET }],
  ])('accepts previous_secret during a rotation (%s)', async (_name, headers) => {
    const h = await app();
    expect((await post(h.base, snBody('incident-created'), headers)).status).toBe(202);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a wrong basic auth password', { authorization: basicAuth('sla-timer', 'guess') }, /basic auth credentials do not match/],
    ['a wrong basic auth user', { authorization: basicAuth('admin', SN_SECRET) }, /basic auth credentials do not match/],
    ['a wrong X-SLA-Token', { 'x-sla-token': `${SN_SECRET}x` }, /X-SLA-Token does not match/],
    ['no credentials', {}, /missing credentials/],
    ['a bearer token', { authorization: `Bearer ${SN_SECRET}` }, /malformed Authorization header/],
  ])('refuses %s with 401 and ingests nothing', async (_name, headers, reason) => {
    const h = await app();
    const res = await post(h.base, snBody('incident-created'), headers);
    expect(res.status).toBe(401);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('sla_signature_invalid');
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain(SN_SECRET);
    expect(h.ingest.received).toEqual([]);
  });

  it('answers an unknown state with 400 naming the value and the config key', async () => {
    const h = await app();
    const res = await post(h.base, snBody('agent-comment', { state: '-5' }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.fields).toEqual([{ field: 'state', message: expect.stringContaining('"-5"') }]);
    expect(error.fields![0]!.message).toContain('integrations.servicenow.statuses');
    expect(h.ingest.received).toEqual([]);
  });

  it('answers an unknown priority or hold reason with 400 naming the config key', async () => {
    const h = await app();
    const res = await post(h.base, snBody('on-hold-awaiting-caller', { priority: '9', hold_reason: '7' }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.fields!.map((f) => f.field)).toEqual(['hold_reason', 'priority']);
    expect(error.fields![0]!.message).toContain('integrations.servicenow.hold_reasons');
    expect(error.fields![1]!.message).toContain('integrations.servicenow.priorities');
  });

  it('lets a config override win', async () => {
    const h = await app(snConfig({ statuses: { '2': 'pending', '-5': 'on_hold' }, priorities: { '2': 'urgent' } }));
    expect((await post(h.base, snBody('agent-comment'))).status).toBe(202);
    expect((await post(h.base, snBody('agent-comment', { state: '-5', sys_mod_count: '9' }))).status).toBe(202);
    expect(h.ingest.events.map((e) => [e.ticket.status, e.ticket.priority])).toEqual([['pending', 'urgent'], ['on_hold', 'urgent']]);
  });

  it('drops the write-back user\'s own updates with 202 and no events', async () => {
    const h = await app(snConfig({ username: 'sla.timer', password: 'pw' }));
    const res = await post(h.base, snBody('work-note', { sys_updated_by: 'sla.timer', comment: { type: 'work_notes', author: 'sla.timer', author_is_caller: false, author_is_agent: true } }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0 });
  });

  it('answers a repeated delivery (same sys_id and sys_mod_count) as a duplicate', async () => {
    const h = await app();
    await post(h.base, snBody('agent-comment'));
    expect(await (await post(h.base, snBody('agent-comment'))).json()).toEqual({ accepted: 1, duplicates: 1 });
  });
});
