import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { sign, startApp, stopApps } from './app-harness.js';

afterEach(stopApps);

const body = JSON.stringify({ event_id: 'e1', occurred_at: '2026-11-24T09:05:00Z', ticket: { id: 'T-1', status: 'open', created_at: '2026-11-24T09:00:00Z' } });

async function post(base: string, payload: Buffer, encoding: string, signature: string): Promise<Response> {
  return fetch(`${base}/webhooks/generic`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding, 'x-signature': signature }, body: payload });
}

describe('webhook bodies that cannot be read', () => {
  it('answers a body that is not what its Content-Encoding says with 400 sla_payload_invalid (not a URL error)', async () => {
    const h = await startApp();
    const res = await post(h.base, Buffer.from(body), 'gzip', sign(body));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('sla_payload_invalid');
    expect(error.message).toMatch(/could not be read.*Content-Encoding/);
    expect(h.ingest.received).toEqual([]);
  });

  it('answers an unknown Content-Encoding with 415 sla_payload_invalid', async () => {
    const h = await startApp();
    const res = await post(h.base, Buffer.from(body), 'x-unknown', sign(body));
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('sla_payload_invalid');
  });

  it('still takes a gzipped delivery signed over the bytes as decoded', async () => {
    const h = await startApp();
    const res = await post(h.base, gzipSync(body), 'gzip', sign(body));
    expect(res.status).toBe(202);
  });
});
