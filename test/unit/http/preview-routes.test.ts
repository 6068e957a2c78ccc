/**
 * `POST /api/preview` on the harness rules: `office` is Mon–Fri 09:00–17:00 UTC; policy
 * `enterprise` gives sev1 1h first response, 30m next response, 4h resolution on `office`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildRules, startApp, stopApps } from './app-harness.js';
import { json } from './sla-fixtures.js';

afterEach(stopApps);

function post(base: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Response> {
  return fetch(`${base}/api/preview`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('POST /api/preview', () => {
  it('answers the due instant of every metric, in UTC and in the calendar zone', async () => {
    const h = await startApp();
    const res = await post(h.base, { policy: 'enterprise', severity: 'sev1', start: '2026-11-23T16:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await json(res);
    expect(body).toMatchObject({ policy: 'enterprise', severity: 'sev1', config_version: 'v7', start: '2026-11-23T16:00:00.000Z', pauses: [] });
    // Mon 16–17 counts 1h; 30m → 16:30; 4h → Mon 1h + Tue 09–12.
    expect(body.metrics).toEqual([
      { metric: 'first_response', anchor: 'start', target: '1h 00m', target_ms: 3_600_000, calendar: 'office', zone: 'UTC', due_at: '2026-11-23T17:00:00.000Z', due_local: 'Mon 23 Nov 17:00 UTC', alerts: [], skipped_alerts: [] },
      {
        metric: 'next_response', anchor: 'cycle_start', note: expect.stringMatching(/shown as if one started at start$/), target: '30m 00s', target_ms: 1_800_000,
        calendar: 'office', zone: 'UTC', due_at: '2026-11-23T16:30:00.000Z', due_local: 'Mon 23 Nov 16:30 UTC', alerts: [], skipped_alerts: [],
      },
      { metric: 'resolution', anchor: 'start', target: '4h 00m', target_ms: 14_400_000, calendar: 'office', zone: 'UTC', due_at: '2026-11-24T12:00:00.000Z', due_local: 'Tue 24 Nov 12:00 UTC', alerts: [], skipped_alerts: [] },
    ]);
  });

  it('applies pauses and the policy alerts, and reads the rules per request', async () => {
    const base = buildRules();
    const rules = { ...base, policies: base.policies.map((p) => (p.id === 'enterprise' ? { ...p, alerts: [{ key: 'percent:50', at: { kind: 'percent' as const, percent: 50 }, notify: [{ slack: '#leads', mention: [] }], writeBack: ['note' as const] }] } : p)) };
    const h = await startApp({ rules: () => rules });
    const body = await json(await post(h.base, { policy: 'enterprise', severity: 'sev1', start: '2026-11-23T16:00:00Z', pauses: [{ from: '2026-11-24T09:00:00Z', to: '2026-11-24T10:00:00Z' }, { from: '2026-11-24T09:30:00+00:00', to: null }] }));
    // The second pause has no end and overlaps the first: paused from Tue 09:00 for good.
    expect(body.pauses).toEqual([{ from: '2026-11-24T09:00:00.000Z', to: null }]);
    const resolution = body.metrics.find((m: any) => m.metric === 'resolution');
    expect(resolution.due_at).toBeNull();
    // 50% of 4h = 2h: Mon 16–17, then paused before the second hour.
    expect(resolution.alerts).toEqual([{ key: 'percent:50', at: '50%', after: '2h 00m', after_ms: 7_200_000, due_at: null, due_local: null, notify: ['#leads'], write_back: ['note'] }]);
    const first = body.metrics.find((m: any) => m.metric === 'first_response');
    expect(first.alerts[0]).toMatchObject({ due_at: '2026-11-23T16:30:00.000Z' });
  });

  it('answers no metrics for a severity without targets under the policy', async () => {
    const rules = buildRules();
    const h = await startApp({ rules: () => ({ ...rules, severities: [...rules.severities, { id: 'sev9', name: 'Other', isDefault: false, from: {} }] }) });
    expect((await json(await post(h.base, { policy: 'enterprise', severity: 'sev9', start: '2026-11-23T16:00:00Z' }))).metrics).toEqual([]);
  });

  it.each([
    [{}, [
      { field: 'policy', message: 'required: a string' },
      { field: 'severity', message: 'required: a string' },
      { field: 'start', message: 'required: an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z' },
    ]],
    [{ policy: 'enterprise', severity: 'sev1', start: '2026-11-23 16:00', pauses: [{ from: '2026-11-24T10:00:00Z', to: '2026-11-24T09:00:00Z' }] }, [
      { field: 'start', message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "2026-11-23 16:00"' },
      { field: 'pauses[0].to', message: 'must be after from' },
    ]],
    [{ policy: 'enterprise', severity: 'sev1', start: '2026-11-23T16:00:00Z', extra: 1 }, [{ field: '(root)', message: 'unknown key extra' }]],
    [{ policy: 'enterprse', severity: 'sev2', start: '2026-11-23T16:00:00Z' }, [
      { field: 'policy', message: 'unknown policy "enterprse" (did you mean "enterprise"?); policies are enterprise, standard' },
      { field: 'severity', message: 'unknown severity "sev2" (did you mean "sev1"?); severities are sev1, sev3' },
    ]],
  ])('answers 400 sla_payload_invalid naming each bad field: %j', async (body, fields) => {
    const h = await startApp();
    const res = await post(h.base, body);
    expect(res.status).toBe(400);
    const error = (await json(res)).error;
    expect(error.code).toBe('sla_payload_invalid');
    expect(error.fields).toEqual(fields);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const h = await startApp();
    const broken = await post(h.base, '{"policy": ');
    expect(broken.status).toBe(400);
    expect((await json(broken)).error.code).toBe('sla_payload_invalid');
    const text = await post(h.base, 'policy=enterprise', { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    expect((await json(text)).error).toMatchObject({ code: 'sla_payload_invalid', message: 'send a JSON object with Content-Type: application/json' });
  });

  it('requires the API token like the rest of /api', async () => {
    const h = await startApp({ apiToken: 'tok-123' });
    const body = { policy: 'enterprise', severity: 'sev1', start: '2026-11-23T16:00:00Z' };
    expect((await post(h.base, body)).status).toBe(401);
    expect((await post(h.base, body, { 'content-type': 'application/json', authorization: 'Bearer tok-123' })).status).toBe(200);
  });
});
