/** Zammad deliveries through the real HTTP route: signatures, the mapped event, field errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { zammadIntegration, type ZammadConfig } from '../../../../integrations/zammad/index.js';
import { startApp, stopApps } from '../../http/app-harness.js';
import { BASE_URL, fixture, postZammad, ZAMMAD_PREVIOUS_SECRET, zammadConfig, zammadSign } from './zammad-test-kit.js';

const DELIVERY_ID = 'c1a7e9d2-3b4f-4e61-9a2d-7f0b8c6e5d41';

async function app(config: ZammadConfig = zammadConfig({ fields: ['impact'] })) {
  return startApp({ registry: new Map([[zammadIntegration.name, zammadIntegration]]), integrationConfig: { zammad: config } });
}

afterEach(stopApps);

describe('POST /webhooks/zammad', () => {
  it('accepts a signed ticket creation and ingests the mapped event', async () => {
    const h = await app();
    const res = await postZammad(h.base, JSON.stringify(fixture('ticket-created')), { headers: { 'x-zammad-delivery': DELIVERY_ID } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(h.ingest.events).toEqual([
      {
        source: 'zammad',
        eventId: DELIVERY_ID,
        occurredAt: Date.parse('2026-11-24T09:00:00Z'),
        ticket: {
          id: '81',
          status: 'open',
          priority: 'high',
          createdAt: Date.parse('2026-11-24T09:00:00Z'),
          subject: 'Checkout is down',
          url: `${BASE_URL}/#ticket/zoom/81`,
          tags: ['enterprise', 'checkout'],
          group: 'Service Desk',
          organization: 'Awesome Customer Inc.',
          assignee: 'emma@chrispresso.com',
          requester: 'emily@example.com',
          fields: { impact: 'critical' },
        },
        comment: { author: 'customer', public: true },
      },
    ]);
  });

  it('maps an agent reply and counts a retried delivery (same X-Zammad-Delivery) as a duplicate', async () => {
    const h = await app();
    const body = JSON.stringify(fixture('agent-reply'));
    expect((await postZammad(h.base, body, { headers: { 'x-zammad-delivery': DELIVERY_ID } })).status).toBe(202);
    const again = await postZammad(h.base, body, { headers: { 'x-zammad-delivery': DELIVERY_ID } });
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 1 });
    expect(h.ingest.events[0]).toMatchObject({
      eventId: DELIVERY_ID,
      occurredAt: Date.parse('2026-11-24T09:10:00Z'),
      ticket: { id: '81', status: 'open', priority: 'high', assignee: 'emma@chrispresso.com', fields: {} },
      comment: { author: 'agent', public: true },
    });
  });

  it('maps an update without an article: no comment, unassigned owner, empty organization', async () => {
    const h = await app();
    expect((await postZammad(h.base, JSON.stringify(fixture('state-changed-no-article')))).status).toBe(202);
    const [event] = h.ingest.events;
    expect(event).not.toHaveProperty('comment');
    expect(event).toMatchObject({
      eventId: '81:2026-11-24T09:40:00.000Z',
      ticket: { status: 'pending', priority: 'normal', assignee: null, organization: null, tags: [] },
    });
  });

  it('accepts the previous secret during a rotation', async () => {
    const h = await app();
    const res = await postZammad(h.base, JSON.stringify(fixture('agent-reply')), { secret: ZAMMAD_PREVIOUS_SECRET });
    expect(res.status).toBe(202);
  });

  it.each<[string, (body: string) => string | null, RegExp]>([
    ['a missing signature', () => null, /missing X-Hub-Signature/],
    ['a signature made with another secret', (body) => zammadSign(body, 'not-the-token'), /does not match/],
    ['a signature over a different body', (body) => zammadSign(body.replace('"open"', '"closed"')), /does not match/],
    ['a malformed signature', () => 'sha256=abc', /malformed/],
  ])('refuses %s with 401 and ingests nothing', async (_name, signature, reason) => {
    const h = await app();
    const body = JSON.stringify(fixture('agent-reply'));
    const res = await postZammad(h.base, body, { signature: signature(body) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'sla_signature_invalid', message: expect.stringMatching(reason) } });
    expect(h.ingest.received).toEqual([]);
  });

  it.each<[string, (b: Record<string, any>) => void, string, string, string]>([
    ['state', (b) => { b.ticket.state = 'waiting for vendor'; }, 'ticket.state', 'waiting for vendor', 'integrations.zammad.statuses'],
    ['priority', (b) => { b.ticket.priority = { id: 4, name: '4 critical' }; }, 'ticket.priority.name', '4 critical', 'integrations.zammad.priorities'],
  ])('answers 400 naming an unknown %s and the config key that maps it', async (_what, change, field, value, key) => {
    const h = await app();
    const body = fixture('agent-reply');
    change(body);
    const res = await postZammad(h.base, JSON.stringify(body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; fields: Array<{ field: string; message: string }> } };
    expect(json.error.code).toBe('sla_payload_invalid');
    expect(json.error.fields).toEqual([{ field, message: expect.stringContaining(`unknown value "${value}"`) }]);
    expect(json.error.fields[0]!.message).toContain(`map it in the config under ${key}`);
    expect(h.ingest.received).toEqual([]);
  });
});
