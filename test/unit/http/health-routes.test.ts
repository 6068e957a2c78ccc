import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes, type ReadinessChecks } from '../../../src/http/health-routes.js';

const servers: Array<{ close: () => void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(checks: ReadinessChecks, timeoutMs?: number): Promise<string> {
  const app = express().use(healthRoutes(checks, timeoutMs));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('health routes', () => {
  it('answers /healthz without asking dependencies', async () => {
    let asked = 0;
    const base = await serve({ redis: async () => void asked++ });
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(asked).toBe(0);
  });

  it('is ready only when every check answers', async () => {
    const base = await serve({ redis: async () => 'PONG' });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { redis: 'ok' } });
  });

  it('is unavailable with the reason when a check fails', async () => {
    const base = await serve({ redis: async () => Promise.reject(new Error('connection refused')) });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', checks: { redis: 'connection refused' } });
  });

  it('is unavailable when a check hangs past the timeout', async () => {
    const base = await serve({ redis: () => new Promise(() => {}) }, 50);
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: { redis: string } }).checks.redis).toMatch(/no answer within 50 ms/);
  });
});
