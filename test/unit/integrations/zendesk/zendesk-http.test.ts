/**
 * Zendesk deliveries through the real `POST /webhooks/zendesk` route: signature, replay
 * window, both webhook kinds, and what reaches the ingest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../../src/events.js';
import { stopApps } from '../../http/app-harness.js';
import { fixtureText, FRESH_TIMESTAMP, NOW, postZendesk, PREVIOUS_SECRET, signZendesk, startZendeskApp, TRIGGER_WEBHOOK_SECRET } from './zendesk-kit.js';

afterEach(stopApps);

const TICKET_CREATED_AT = Date.parse('2026-11-24T09:00:00Z');

describe('POST /webhooks/zendesk: accepted deliveries', () => {
  it('takes a signed comment_added event and ingests the ticket as it is after the comment', async () => {
    const h = await startZendeskApp();
    const res = await postZendesk(h.base, fixtureText('event-comment-added'));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(h.ingest.events).toEqual<TicketEvent[]>([
      {
        source: 'zendesk',
        eventId: '01JD2XQ7G6B1C3D5E7F9H2J4K6',
        occurredAt: Date.parse('2026-11-24T09:10:00.417Z'),
        ticket: {
          id: '35436',
          status: 'open',
          priority: 'high',
          createdAt: TICKET_CREATED_AT,
          subject: 'Checkout is down',
          url: 'https://acme.zendesk.com/agent/tickets/35436',
          tags: ['enterprise', 'checkout'],
          group: '360005554321',
          organization: '360099887766',
          assignee: '8447388090495',
          requester: '8447388090494',
          fields: {},
        },
        comment: { author: 'agent', public: true },
      },
    ]);
  });

  it('takes a signed trigger body (comment template) and maps every placeholder', async () => {
    const h = await startZendeskApp();
    const body = fixtureText('trigger-comment-added');
    const res = await postZendesk(h.base, body, { secret: TRIGGER_WEBHOOK_SECRET });
    expect(res.status).toBe(202);
    expect(h.ingest.events).toEqual<TicketEvent[]>([
      {
        source: 'zendesk',
        eventId: expect.stringMatching(/^trigger:35436:2026-11-24T09:30Z:[0-9a-f]{16}$/) as unknown as string,
        occurredAt: Date.parse('2026-11-24T09:30:00Z'),
        ticket: {
          id: '35436',
          status: 'open',
          priority: 'high',
          createdAt: TICKET_CREATED_AT,
          subject: 'Checkout is down',
          url: 'https://acme.zendesk.com/agent/tickets/35436',
          tags: ['enterprise', 'checkout'],
          group: 'Tier 1',
          organization: 'Acme Retail',
          assignee: 'Dana Agent',
          requester: 'pat@acme-customer.example',
          fields: {},
        },
        comment: { author: 'customer', public: true },
      },
    ]);
  });

  it('takes the ticket-updated trigger body: a snapshot without a comment', async () => {
    const h = await startZendeskApp();
    expect((await postZendesk(h.base, fixtureText('trigger-ticket-updated'))).status).toBe(202);
    const [e] = h.ingest.events;
    expect(e).toMatchObject({ occurredAt: Date.parse('2026-11-24T09:40:00Z'), ticket: { id: '35436', status: 'pending', priority: 'high' } });
    expect(e).not.toHaveProperty('comment');
  });

  it('answers a repeated delivery as a duplicate (same event id)', async () => {
    const h = await startZendeskApp();
    const body = fixtureText('trigger-ticket-updated');
    await postZendesk(h.base, body);
    const again = await postZendesk(h.base, body);
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 1 });
    expect(h.ingest.events[0]!.eventId).toBe(h.ingest.events[1]!.eventId);
  });

  it('acknowledges events that are not about tickets without ingesting anything', async () => {
    const h = await startZendeskApp();
    const res = await postZendesk(h.base, fixtureText('event-user-created'));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0 });
    expect(h.ingest.events).toEqual([]);
  });

  it('drops events caused by our own API user (write-backs fire webhooks too)', async () => {
    const h = await startZendeskApp({ api_user_id: 8447388090495 });
    expect((await postZendesk(h.base, fixtureText('event-comment-added'))).status).toBe(202);
    expect(h.ingest.events).toEqual([]);
  });

  it('marks a soft-deleted ticket deleted', async () => {
    const h = await startZendeskApp();
    expect((await postZendesk(h.base, fixtureText('event-soft-deleted'))).status).toBe(202);
    expect(h.ingest.events).toEqual([expect.objectContaining({ deleted: true, ticket: expect.objectContaining({ id: '35437', status: 'open', priority: null }) })]);
  });
});

describe('POST /webhooks/zendesk: authenticity', () => {
  const body = fixtureText('event-status-changed');

  it.each<[string, { timestamp?: string | null; signature?: string | null; secret?: string }, RegExp]>([
    ['a wrong signature', { signature: signZendesk(body, FRESH_TIMESTAMP, 'not-the-secret') }, /does not match/],
    ['a garbled signature', { signature: '%%%not-base64%%%' }, /does not match/],
    ['a missing signature', { signature: null }, /missing X-Zendesk-Webhook-Signature header/],
    ['a missing timestamp', { timestamp: null, signature: signZendesk(body, '') }, /missing X-Zendesk-Webhook-Signature-Timestamp/],
    ['a signature over a different body', { signature: signZendesk(fixtureText('event-comment-added'), FRESH_TIMESTAMP) }, /does not match/],
    ['a signature over a different timestamp', { signature: signZendesk(body, '2026-11-24T12:00:29Z') }, /does not match/],
    ['a hex signature (Zendesk sends base64)', { signature: 'a'.repeat(64) }, /does not match/],
  ])('refuses %s with 401 and ingests nothing', async (_name, opts, reason) => {
    const h = await startZendeskApp();
    const res = await postZendesk(h.base, body, opts);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'sla_signature_invalid', message: expect.stringMatching(reason) } });
    expect(h.ingest.received).toEqual([]);
  });

  it('refuses a correctly signed but stale delivery (replay) with 401', async () => {
    const h = await startZendeskApp();
    const stale = new Date(NOW - 6 * 60_000).toISOString();
    const res = await postZendesk(h.base, body, { timestamp: stale });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/360 s from our clock \(tolerance 300 s\)/);
    expect(h.ingest.received).toEqual([]);
  });

  it('refuses a timestamp from the future beyond the tolerance too', async () => {
    const h = await startZendeskApp();
    expect((await postZendesk(h.base, body, { timestamp: new Date(NOW + 301_000).toISOString() })).status).toBe(401);
  });

  it('takes the same delivery when timestamp_tolerance_seconds allows its age', async () => {
    const h = await startZendeskApp({ timestamp_tolerance_seconds: 600 });
    expect((await postZendesk(h.base, body, { timestamp: new Date(NOW - 6 * 60_000).toISOString() })).status).toBe(202);
  });

  it('accepts epoch-second timestamps as well as ISO 8601', async () => {
    const h = await startZendeskApp();
    expect((await postZendesk(h.base, body, { timestamp: String(Math.floor(NOW / 1000) - 5) })).status).toBe(202);
  });

  it('accepts the previous secret during a rotation and the secret of a second webhook', async () => {
    const h = await startZendeskApp();
    expect((await postZendesk(h.base, body, { secret: PREVIOUS_SECRET })).status).toBe(202);
    expect((await postZendesk(h.base, fixtureText('trigger-ticket-updated'), { secret: TRIGGER_WEBHOOK_SECRET })).status).toBe(202);
    expect(h.ingest.events).toHaveLength(2);
  });

  it('refuses the previous secret once it is removed from the config', async () => {
    const h = await startZendeskApp({ previous_secret: undefined, additional_secrets: undefined });
    expect((await postZendesk(h.base, body, { secret: PREVIOUS_SECRET })).status).toBe(401);
    expect((await postZendesk(h.base, body, { secret: TRIGGER_WEBHOOK_SECRET })).status).toBe(401);
  });
});

describe('POST /webhooks/zendesk: invalid payloads', () => {
  it('answers 400 naming an unknown status and the config key that maps it', async () => {
    const h = await startZendeskApp();
    const body = fixtureText('trigger-ticket-updated').replace('"status": "Pending"', '"status": "Waiting on vendor"');
    const res = await postZendesk(h.base, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; fields: Array<{ field: string; message: string }> } };
    expect(json.error.code).toBe('sla_payload_invalid');
    expect(json.error.fields).toEqual([{ field: 'status', message: expect.stringContaining('unknown value "Waiting on vendor"') }]);
    expect(json.error.fields[0]!.message).toContain('integrations.zendesk.statuses');
    expect(h.ingest.received).toEqual([]);
  });

  it('answers 400 naming an unknown priority (event payload) and its config key', async () => {
    const h = await startZendeskApp();
    const res = await postZendesk(h.base, fixtureText('event-status-changed').replace('"priority": "HIGH"', '"priority": "P1"'));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { fields: Array<{ field: string; message: string }> } };
    expect(json.error.fields).toEqual([{ field: 'detail.priority', message: expect.stringMatching(/unknown value "P1".*integrations\.zendesk\.priorities/) }]);
  });

  it('answers 400 for a body of neither shape', async () => {
    const h = await startZendeskApp();
    const res = await postZendesk(h.base, JSON.stringify({ ticket: { id: 1 } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Array<{ field: string }> } }).error.fields[0]!.field).toBe('(root)');
  });
});
