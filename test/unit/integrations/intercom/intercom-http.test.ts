/** Intercom notifications through the real HTTP route: signatures, the mapped event, field errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { intercomIntegration, type IntercomConfig } from '../../../../integrations/intercom/index.js';
import { startApp, stopApps } from '../../http/app-harness.js';
import { fixture, INTERCOM_PREVIOUS_SECRET, intercomConfig, intercomSign, postIntercom } from './intercom-test-kit.js';

async function app(config: IntercomConfig = intercomConfig({ teams: { '5017691': 'Payments' } })) {
  return startApp({ registry: new Map([[intercomIntegration.name, intercomIntegration]]), integrationConfig: { intercom: config } });
}

afterEach(stopApps);

describe('POST /webhooks/intercom', () => {
  it('accepts a signed conversation.user.created and ingests the mapped event', async () => {
    const h = await app();
    const res = await postIntercom(h.base, JSON.stringify(fixture('conversation-user-created')));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(h.ingest.events).toEqual([
      {
        source: 'intercom',
        eventId: 'notif_0b7e1c2a-5f44-4d1b-9a61-3c2f8e7d6a01',
        occurredAt: Date.parse('2026-11-24T09:00:00Z'),
        ticket: {
          id: '147000000012',
          status: 'open',
          priority: 'high',
          createdAt: Date.parse('2026-11-24T09:00:00Z'),
          subject: 'Checkout is down',
          url: 'https://app.intercom.com/a/inbox/a86dr8yl/inbox/conversation/147000000012',
          tags: ['enterprise'],
          group: 'Payments',
          organization: null,
          assignee: '814860',
          requester: 'pat@acme.test',
          fields: { Plan: 'Enterprise', Seats: 40, 'Copilot used': false },
        },
      },
    ]);
  });

  it('maps an admin reply and counts a redelivered notification (same id) as a duplicate', async () => {
    const h = await app();
    const body = JSON.stringify(fixture('conversation-admin-replied'));
    expect((await postIntercom(h.base, body)).status).toBe(202);
    expect(await (await postIntercom(h.base, body)).json()).toEqual({ accepted: 1, duplicates: 1 });
    expect(h.ingest.events[0]).toMatchObject({
      eventId: 'notif_1c8f2d3b-6a55-4e2c-8b72-4d3a9f8e7b12',
      occurredAt: Date.parse('2026-11-24T09:10:00Z'),
      ticket: { status: 'open', priority: 'high' },
      comment: { author: 'agent', public: true },
    });
  });

  it('answers the ping sent when the webhook is saved without ingesting anything', async () => {
    const h = await app();
    const res = await postIntercom(h.base, JSON.stringify(fixture('ping')));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0 });
  });

  it('accepts the previous client secret during a rotation', async () => {
    const h = await app();
    expect((await postIntercom(h.base, JSON.stringify(fixture('conversation-admin-snoozed')), { secret: INTERCOM_PREVIOUS_SECRET })).status).toBe(202);
  });

  it.each<[string, (body: string) => string | null, RegExp]>([
    ['a missing signature', () => null, /missing X-Hub-Signature/],
    ['a signature made with another secret', (body) => intercomSign(body, 'not-the-client-secret'), /does not match/],
    ['a signature over a different body', (body) => intercomSign(body.replace('"snoozed"', '"open"')), /does not match/],
    ['a sha256 signature', () => `sha256=${'0'.repeat(64)}`, /malformed/],
  ])('refuses %s with 401 and ingests nothing', async (_name, signature, reason) => {
    const h = await app();
    const body = JSON.stringify(fixture('conversation-admin-snoozed'));
    const res = await postIntercom(h.base, body, { signature: signature(body) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'sla_signature_invalid', message: expect.stringMatching(reason) } });
    expect(h.ingest.received).toEqual([]);
  });

  it.each<[string, (b: Record<string, any>) => void, string, string, string]>([
    ['state', (b) => { b.data.item.state = 'waiting'; }, 'data.item.state', 'waiting', 'integrations.intercom.statuses'],
    ['priority', (b) => { b.data.item.priority = 'urgent_priority'; }, 'data.item.priority', 'urgent_priority', 'integrations.intercom.priorities'],
  ])('answers 400 naming an unknown %s and the config key that maps it', async (_what, change, field, value, key) => {
    const h = await app();
    const body = fixture('conversation-admin-replied');
    change(body);
    const res = await postIntercom(h.base, JSON.stringify(body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; fields: Array<{ field: string; message: string }> } };
    expect(json.error.code).toBe('sla_payload_invalid');
    expect(json.error.fields).toEqual([{ field, message: expect.stringContaining(`unknown value "${value}"`) }]);
    expect(json.error.fields[0]!.message).toContain(`map it in the config under ${key}`);
    expect(h.ingest.received).toEqual([]);
  });
});
