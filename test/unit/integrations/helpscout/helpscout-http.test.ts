/** Help Scout deliveries through the real HTTP route: signatures, the mapped event, field errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { helpscoutIntegration, type HelpscoutConfig } from '../../../../integrations/helpscout/index.js';
import { startApp, stopApps } from '../../http/app-harness.js';
import { fixture, HELPSCOUT_PREVIOUS_SECRET, helpscoutConfig, helpscoutSign, postHelpscout } from './helpscout-test-kit.js';

async function app(config: HelpscoutConfig = helpscoutConfig({ mailboxes: { '85': 'Support' } })) {
  return startApp({ registry: new Map([[helpscoutIntegration.name, helpscoutIntegration]]), integrationConfig: { helpscout: config } });
}

afterEach(stopApps);

describe('POST /webhooks/helpscout', () => {
  it('accepts a signed convo.created and ingests the mapped event', async () => {
    const h = await app();
    const res = await postHelpscout(h.base, 'convo.created', JSON.stringify(fixture('convo-created')));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(h.ingest.events).toEqual([
      {
        source: 'helpscout',
        eventId: 'convo.created:2391938111:2026-11-24T09:00:00.000Z',
        occurredAt: Date.parse('2026-11-24T09:00:00Z'),
        ticket: {
          id: '2391938111',
          status: 'open',
          priority: 'high',
          createdAt: Date.parse('2026-11-24T09:00:00Z'),
          subject: 'Checkout is down',
          url: 'https://secure.helpscout.net/conversation/2391938111/349',
          tags: ['enterprise', 'p2'],
          group: 'Support',
          organization: null,
          assignee: 'dana@example.com',
          requester: 'pat@acme.test',
          fields: { Plan: 'Enterprise', Seats: '40' },
        },
      },
    ]);
  });

  it('maps a customer reply keyed by its thread, and counts a redelivery as a duplicate', async () => {
    const h = await app();
    const body = JSON.stringify(fixture('customer-reply'));
    expect((await postHelpscout(h.base, 'convo.customer.reply.created', body)).status).toBe(202);
    const again = await postHelpscout(h.base, 'convo.customer.reply.created', body);
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 1 });
    expect(h.ingest.events[0]).toMatchObject({
      eventId: 'convo.customer.reply.created:2391938111:7013',
      occurredAt: Date.parse('2026-11-24T09:30:00Z'),
      ticket: { status: 'open', priority: 'high' },
      comment: { author: 'customer', public: true },
    });
  });

  it('accepts events that carry no conversation without ingesting anything', async () => {
    const h = await app();
    const res = await postHelpscout(h.base, 'satisfaction.ratings', JSON.stringify({ id: 5, rating: 'Great' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0 });
  });

  it('accepts the previous secret during a rotation', async () => {
    const h = await app();
    expect((await postHelpscout(h.base, 'convo.status', JSON.stringify(fixture('status-pending')), { secret: HELPSCOUT_PREVIOUS_SECRET })).status).toBe(202);
  });

  it.each<[string, (body: string) => string | null, RegExp]>([
    ['a missing signature', () => null, /missing X-HelpScout-Signature/],
    ['a signature made with another secret', (body) => helpscoutSign(body, 'not-the-secret'), /does not match/],
    ['a signature over a different body', (body) => helpscoutSign(body.replace('"pending"', '"closed"')), /does not match/],
    ['a hex signature', (body) => `sha1=${Buffer.from(helpscoutSign(body), 'base64').toString('hex')}`, /malformed/],
  ])('refuses %s with 401 and ingests nothing', async (_name, signature, reason) => {
    const h = await app();
    const body = JSON.stringify(fixture('status-pending'));
    const res = await postHelpscout(h.base, 'convo.status', body, { signature: signature(body) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'sla_signature_invalid', message: expect.stringMatching(reason) } });
    expect(h.ingest.received).toEqual([]);
  });

  it.each<[string, (b: Record<string, any>) => void, string, string, string]>([
    ['status', (b) => { b.status = 'snoozed'; }, 'status', 'snoozed', 'integrations.helpscout.statuses'],
    ['priority field value', (b) => { b.customFields.push({ id: 11, name: 'Priority', value: '40', text: 'P0' }); }, 'customFields[2].text', 'P0', 'integrations.helpscout.priorities'],
  ])('answers 400 naming an unknown %s and the config key that maps it', async (_what, change, field, value, key) => {
    const h = await app(helpscoutConfig({ priority_field: 'Priority' }));
    const body = fixture('status-pending');
    change(body);
    const res = await postHelpscout(h.base, 'convo.status', JSON.stringify(body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; fields: Array<{ field: string; message: string }> } };
    expect(json.error.code).toBe('sla_payload_invalid');
    expect(json.error.fields).toEqual([{ field, message: expect.stringContaining(`unknown value "${value}"`) }]);
    expect(json.error.fields[0]!.message).toContain(`map it in the config under ${key}`);
    expect(h.ingest.received).toEqual([]);
  });
});
