import { afterEach, describe, expect, it } from 'vitest';
import { startApp, stopApps } from './app-harness.js';
import { json, ticketA } from './sla-fixtures.js';

afterEach(stopApps);

describe('app basics', () => {
  it('echoes a sane X-Request-Id, replaces an unsafe one, and hides x-powered-by', async () => {
    const h = await startApp();
    const echoed = await fetch(`${h.base}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    expect(echoed.headers.get('x-powered-by')).toBeNull();
    const replaced = await fetch(`${h.base}/healthz`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await fetch(`${h.base}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves /healthz and /readyz from the readiness checks', async () => {
    const h = await startApp({ readiness: { redis: () => Promise.reject(new Error('down')) } });
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { redis: 'down' } });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const h = await startApp();
    const res = await fetch(`${h.base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'sla_not_found', message: 'no route for GET /nope' } });
    const get = await fetch(`${h.base}/webhooks/generic`);
    expect(get.status).toBe(404);
  });
});

describe('API_TOKEN', () => {
  it('requires the bearer token on /api/* when set, and accepts the right one', async () => {
    const h = await startApp({ apiToken: 's3cret-token' });
    h.tickets.put(ticketA());
    const missing = await fetch(`${h.base}/api/timers`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await json(missing)).error.code).toBe('sla_unauthorized');

    for (const authorization of ['Bearer wrong', 'Bearer s3cret-token-and-more', 'Basic czNjcmV0LXRva2Vu', 's3cret-token', 'Bearer ']) {
      const res = await fetch(`${h.base}/api/tickets/generic/T-1`, { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await json(res)).error.code).toBe('sla_unauthorized');
    }
    // Unknown API routes are not discoverable without the token either.
    expect((await fetch(`${h.base}/api/nothing-here`)).status).toBe(401);

    const ok = await fetch(`${h.base}/api/tickets/generic/T-1`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.status).toBe(200);
    expect((await fetch(`${h.base}/api/timers`, { headers: { authorization: 'bearer s3cret-token' } })).status).toBe(200);
  });

  it('leaves health, metrics and webhooks to their own protection', async () => {
    const h = await startApp({ apiToken: 's3cret-token' });
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.base}/metrics`)).status).toBe(200);
    expect((await fetch(`${h.base}/webhooks/generic`, { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('is not required when unset', async () => {
    const h = await startApp();
    expect((await fetch(`${h.base}/api/timers`)).status).toBe(200);
  });
});

describe('errors', () => {
  it('answers 500 sla_internal without the stack or the cause, and logs the cause', async () => {
    const h = await startApp();
    h.tickets.failWith = new Error('boom: ECONNRESET 10.0.0.7');
    const res = await fetch(`${h.base}/api/tickets/generic/T-1`, { headers: { 'x-request-id': 'req-500' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'sla_internal', message: 'internal error; the logs have the details under request id req-500' } });
    expect(text).not.toMatch(/boom|ECONNRESET|at .*\.ts/);
    const logged = h.logLines().map((l) => JSON.parse(l) as { msg: string; reqId?: string; err?: { message: string; stack: string } });
    const failure = logged.find((l) => l.msg === 'request failed');
    expect(failure?.reqId).toBe('req-500');
    expect(failure?.err?.message).toMatch(/boom/);
    expect(failure?.err?.stack).toBeTruthy();
  });

  it('answers 400 sla_query_invalid for a URL with malformed percent-encoding', async () => {
    const h = await startApp();
    const res = await fetch(`${h.base}/api/tickets/generic/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({ code: 'sla_query_invalid', message: 'the URL has malformed percent-encoding' });
  });

  it('answers 404 JSON for unknown API routes', async () => {
    const h = await startApp();
    const res = await fetch(`${h.base}/api/tickets`);
    expect(res.status).toBe(404);
    expect((await json(res)).error).toEqual({ code: 'sla_not_found', message: 'no route for GET /api/tickets' });
  });
});
