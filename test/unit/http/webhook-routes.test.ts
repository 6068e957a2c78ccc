import { afterEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../../integrations/integration.js';
import { integrations } from '../../../integrations/registry.js';
import { PREVIOUS_SECRET, SECRET, at, postWebhook, sign, startApp, stopApps } from './app-harness.js';

afterEach(stopApps);

const payload = {
  event_id: 'evt-1001',
  occurred_at: '2026-11-24T09:05:00Z',
  ticket: {
    id: 'T-42',
    status: 'open',
    priority: 'urgent',
    created_at: '2026-11-24T09:00:00+01:00',
    subject: 'Checkout is down',
    url: 'https://help.example.com/T-42',
    tags: ['enterprise'],
    group: 'Tier 1',
    organization: 'Acme',
    assignee: 'Dana',
    requester: 'pat@example.com',
    fields: { region: 'eu', seats: 40, vip: true, note: null },
    tool_specific: { ignored: true },
  },
  comment: { author: 'agent', public: true },
};

const expectedEvent = {
  source: 'generic',
  eventId: 'evt-1001',
  occurredAt: at('2026-11-24T09:05:00Z'),
  ticket: {
    id: 'T-42',
    status: 'open',
    priority: 'urgent',
    createdAt: at('2026-11-24T08:00:00Z'),
    subject: 'Checkout is down',
    url: 'https://help.example.com/T-42',
    tags: ['enterprise'],
    group: 'Tier 1',
    organization: 'Acme',
    assignee: 'Dana',
    requester: 'pat@example.com',
    fields: { region: 'eu', seats: 40, vip: true, note: null },
  },
  comment: { author: 'agent', public: true },
};

async function errorOf(res: Response): Promise<{ code: string; message: string; fields?: Array<{ field: string; message: string }> }> {
  return ((await res.json()) as { error: { code: string; message: string; fields?: Array<{ field: string; message: string }> } }).error;
}

describe('POST /webhooks/generic', () => {
  it('accepts one signed event and hands the canonical TicketEvent to ingest', async () => {
    const h = await startApp();
    const res = await postWebhook(h.base, JSON.stringify(payload));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(h.ingest.received).toEqual([[expectedEvent]]);
  });

  it('accepts an array of events in one ingest call, in order', async () => {
    const h = await startApp();
    const second = { event_id: 'evt-1002', occurred_at: '2026-11-24T09:10:00Z', ticket: { id: 77, status: 'pending', priority: 3, created_at: '2026-11-24T09:00:00Z' } };
    const res = await postWebhook(h.base, JSON.stringify([payload, second]));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
    expect(h.ingest.received).toHaveLength(1);
    expect(h.ingest.events.map((e) => e.eventId)).toEqual(['evt-1001', 'evt-1002']);
    expect(h.ingest.events[1]).toEqual({
      source: 'generic',
      eventId: 'evt-1002',
      occurredAt: at('2026-11-24T09:10:00Z'),
      ticket: {
        id: '77', status: 'pending', priority: '3', createdAt: at('2026-11-24T09:00:00Z'),
        subject: null, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {},
      },
    });
  });

  it('reports duplicates as the ingest port counts them', async () => {
    const h = await startApp();
    await postWebhook(h.base, JSON.stringify(payload));
    const res = await postWebhook(h.base, JSON.stringify(payload));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1 });
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toContain('sla_timer_webhooks_total{source="generic",outcome="duplicate"} 1');
  });

  it('accepts bodies sent as text/plain: the signature covers the bytes', async () => {
    const h = await startApp();
    const res = await postWebhook(h.base, JSON.stringify(payload), { contentType: 'text/plain' });
    expect(res.status).toBe(202);
  });

  it('accepts the previous secret during a rotation, and no other', async () => {
    const h = await startApp();
    expect((await postWebhook(h.base, JSON.stringify(payload), { secret: PREVIOUS_SECRET })).status).toBe(202);
    expect((await postWebhook(h.base, JSON.stringify(payload), { secret: 'some-other-secret' })).status).toBe(401);
    expect(h.ingest.received).toHaveLength(1);
  });

  it.each([
    ['missing', null, /missing X-Signature/],
    ['empty', '', /missing X-Signature/],
    ['without the sha256= prefix', sign(JSON.stringify(payload)).slice('sha256='.length), /malformed/],
    ['with another algorithm', sign(JSON.stringify(payload)).replace('sha256=', 'sha1='), /malformed/],
    ['truncated', sign(JSON.stringify(payload)).slice(0, -2), /malformed/],
    ['not hex', `sha256=${'z'.repeat(64)}`, /malformed/],
    ['made with a wrong secret', sign(JSON.stringify(payload), 'wrong'), /does not match/],
  ])('refuses a %s signature with 401 and ingests nothing', async (_name, signature, reason) => {
    const h = await startApp();
    const res = await postWebhook(h.base, JSON.stringify(payload), { signature });
    expect(res.status).toBe(401);
    const error = await errorOf(res);
    expect(error.code).toBe('sla_signature_invalid');
    expect(error.message).toMatch(reason);
    expect(h.ingest.received).toEqual([]);
  });

  it('refuses a signature computed over a different body (even the same JSON re-serialized)', async () => {
    const h = await startApp();
    const signed = JSON.stringify(payload);
    const sent = JSON.stringify(payload, null, 2);
    const res = await postWebhook(h.base, sent, { signature: sign(signed) });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('sla_signature_invalid');
    expect(h.ingest.received).toEqual([]);
  });

  it('checks the signature before parsing: unsigned garbage is 401, not 400', async () => {
    const h = await startApp();
    const res = await postWebhook(h.base, '{not json', { signature: null });
    expect(res.status).toBe(401);
  });

  it('answers 413 with a JSON error for a body over 1 MB', async () => {
    const h = await startApp();
    const big = JSON.stringify({ ...payload, padding: 'x'.repeat(1024 * 1024) });
    const res = await postWebhook(h.base, big);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await errorOf(res)).code).toBe('sla_payload_too_large');
    expect(h.ingest.received).toEqual([]);
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toContain('sla_timer_webhooks_total{source="generic",outcome="too_large"} 1');
  });

  it('honours a smaller bodyLimitBytes and still takes bodies up to it', async () => {
    const h = await startApp({ bodyLimitBytes: 2_000 });
    expect((await postWebhook(h.base, JSON.stringify(payload))).status).toBe(202);
    expect((await postWebhook(h.base, JSON.stringify({ ...payload, pad: 'x'.repeat(2_000) }))).status).toBe(413);
  });

  it('answers 400 naming the JSON problem for a signed body that is not JSON', async () => {
    const h = await startApp();
    const res = await postWebhook(h.base, '{"event_id": "e1",');
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('sla_payload_invalid');
    expect(error.message).toMatch(/^the body is not valid JSON: /);
    expect(h.ingest.received).toEqual([]);
  });

  it('answers 400 for a signed empty body', async () => {
    const h = await startApp();
    const res = await postWebhook(h.base, '');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/body is empty/);
  });

  it('answers 400 listing every bad field with its path and what is valid', async () => {
    const h = await startApp();
    const bad = [
      payload,
      {
        event_id: '',
        occurred_at: '2026-11-24 09:00',
        ticket: {
          id: true,
          status: 'opne',
          priority: { level: 1 },
          created_at: '2026-11-24T09:00:00',
          subject: 42,
          url: 'ftp://help.example.com/1',
          tags: ['ok', 3],
          fields: { region: ['eu'] },
        },
        comment: { author: 'bot', public: 'yes' },
        deleted: 'no',
      },
      { occurred_at: '2026-11-24T09:00:00Z' },
    ];
    const res = await postWebhook(h.base, JSON.stringify(bad));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('sla_payload_invalid');
    expect(error.message).toBe('the payload has 15 invalid fields');
    const byField = Object.fromEntries((error.fields ?? []).map((f) => [f.field, f.message]));
    expect(Object.keys(byField)).toEqual([
      '[1].event_id',
      '[1].occurred_at',
      '[1].ticket.id',
      '[1].ticket.status',
      '[1].ticket.priority',
      '[1].ticket.created_at',
      '[1].ticket.subject',
      '[1].ticket.url',
      '[1].ticket.tags[1]',
      '[1].ticket.fields.region',
      '[1].comment.author',
      '[1].comment.public',
      '[1].deleted',
      '[2].event_id',
      '[2].ticket',
    ]);
    expect(error.fields).toHaveLength(15);
    expect(byField['[1].ticket.status']).toBe('must be one of new, open, pending, on_hold, solved, closed; got "opne"');
    expect(byField['[1].ticket.created_at']).toMatch(/ISO 8601 date-time with a time zone/);
    expect(byField['[1].ticket.url']).toMatch(/http\(s\) URL/);
    expect(byField['[2].ticket']).toBe('required: an object');
    expect(h.ingest.received).toEqual([]);
  });

  it('answers 400 for an empty array and for a body that is not an object', async () => {
    const h = await startApp();
    for (const body of ['[]', '"hello"', '42', 'null']) {
      const res = await postWebhook(h.base, body);
      expect(res.status, body).toBe(400);
      expect((await errorOf(res)).fields?.[0]?.field).toBe('(root)');
    }
  });

  it('answers 404 for an unknown source without counting it under the caller-chosen name', async () => {
    const h = await startApp();
    const res = await postWebhook(h.base, JSON.stringify(payload), { source: 'nosuchtool' });
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error.code).toBe('sla_source_unknown');
    expect(error.message).toMatch(/unknown source "nosuchtool"/);
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toContain('sla_timer_webhooks_total{source="(unknown)",outcome="unknown_source"} 1');
    expect(metrics).not.toContain('nosuchtool');
  });

  it('answers 404 for a known source that is not configured', async () => {
    const other: Integration<unknown> = { ...integrations.get('generic')!, name: 'other' };
    const h = await startApp({ registry: new Map([...integrations, ['other', other]]) });
    const res = await postWebhook(h.base, JSON.stringify(payload), { source: 'other' });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).message).toMatch(/not configured; add integrations.other/);
  });

  it('answers 503 with Retry-After when the events cannot be enqueued', async () => {
    const h = await startApp();
    h.ingest.failWith = new Error('Redis is down');
    const res = await postWebhook(h.base, JSON.stringify(payload));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const error = await errorOf(res);
    expect(error.code).toBe('sla_unavailable');
    expect(error.message).not.toMatch(/Redis/);
  });

  it('counts deliveries by source and outcome in /metrics', async () => {
    const h = await startApp();
    await postWebhook(h.base, JSON.stringify(payload));
    await postWebhook(h.base, JSON.stringify(payload), { signature: null });
    await postWebhook(h.base, JSON.stringify({}));
    const res = await fetch(`${h.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('sla_timer_webhooks_total{source="generic",outcome="accepted"} 1');
    expect(text).toContain('sla_timer_webhooks_total{source="generic",outcome="unauthorized"} 1');
    expect(text).toContain('sla_timer_webhooks_total{source="generic",outcome="invalid"} 1');
  });

  it('logs the request id, source and outcome, never the body, signature or secret', async () => {
    const h = await startApp();
    const body = JSON.stringify(payload);
    await postWebhook(h.base, body);
    await postWebhook(h.base, JSON.stringify({ event_id: 'x', secret_field: 'Checkout is down' }));
    const lines = h.logLines().map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests[0]).toMatchObject({ source: 'generic', outcome: 'accepted', events: 1, status: 202, method: 'POST', path: '/webhooks/generic' });
    expect(requests[0]?.reqId).toEqual(expect.any(String));
    expect(requests[1]).toMatchObject({ outcome: 'invalid', status: 400, fields: ['occurred_at', 'ticket'] });
    const all = h.logLines().join('\n');
    expect(all).not.toContain('Checkout is down');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(sign(body).slice(7));
  });

  it('answers alike on the fast path and on the spellings only Express routes (case, percent-escapes, trailing slash, query)', async () => {
    const h = await startApp();
    const bad = JSON.stringify({ event_id: 'x' });
    const paths = ['/webhooks/generic', '/webhooks/generic/', '/webhooks/generic?via=test', '/WEBHOOKS/generic', '/webhooks/%67eneric'];
    for (const [i, path] of paths.entries()) {
      const ok = await postWebhook(h.base, JSON.stringify({ ...payload, event_id: `evt-path-${i}` }), { path });
      expect(ok.status, path).toBe(202);
      expect(ok.headers.get('content-type'), path).toBe('application/json; charset=utf-8');
      expect(ok.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
      expect(await ok.json(), path).toEqual({ accepted: 1, duplicates: 0 });
      const refused = await postWebhook(h.base, bad, { path });
      expect(refused.status, path).toBe(400);
      expect((await errorOf(refused)).fields?.map((f) => f.field), path).toEqual(['occurred_at', 'ticket']);
      const unsigned = await fetch(`${h.base}${path}`, { method: 'POST', body: bad });
      expect(unsigned.status, path).toBe(401);
      expect((await errorOf(unsigned)).code, path).toBe('sla_signature_invalid');
    }
    expect(h.ingest.received).toEqual(paths.map((_, i) => [{ ...expectedEvent, eventId: `evt-path-${i}` }]));
    const logged = h.logLines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(logged.map((l) => l.path)).toEqual(['/webhooks/generic', '/webhooks/generic', '/webhooks/generic', '/webhooks/generic/', '/webhooks/generic/', '/webhooks/generic/',
      '/webhooks/generic', '/webhooks/generic', '/webhooks/generic', '/WEBHOOKS/generic', '/WEBHOOKS/generic', '/WEBHOOKS/generic', '/webhooks/%67eneric', '/webhooks/%67eneric', '/webhooks/%67eneric']);
    expect(logged.every((l) => l.source === 'generic')).toBe(true);
  });

  it('answers 500 with the request id, and logs the error, when the handler throws something unexpected', async () => {
    const h = await startApp({ ingest: { ingest: () => Promise.resolve(undefined as never) } });
    const res = await postWebhook(h.base, JSON.stringify(payload));
    expect(res.status).toBe(500);
    const error = await errorOf(res);
    expect(error.code).toBe('sla_internal');
    expect(error.message).toContain(res.headers.get('x-request-id'));
    expect(h.logLines().some((l) => l.includes('"request failed"'))).toBe(true);
  });
});
