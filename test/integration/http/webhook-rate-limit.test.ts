import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../../src/http/webhook-rate-limit.js';
import { RedisRateLimiter } from '../../../src/store/rate-limiter.js';
import { connectTestRedis, deletePrefix, testPrefix } from '../../support/redis.js';
import { startServiceHarness } from '../../support/service-harness.js';
import { SECRET, postWebhook, startApp, stopApps } from '../../unit/http/app-harness.js';

const prefix = testPrefix('webhook-rate');
let redis: Redis;

beforeAll(async () => {
  redis = await connectTestRedis();
});
afterEach(stopApps);
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const body = (id: string) =>
  JSON.stringify({ event_id: id, occurred_at: '2026-11-24T09:05:00Z', ticket: { id: 'T-1', status: 'open', created_at: '2026-11-24T09:00:00Z' } });

const FD_SECRET = 'fd-secret-for-rate-test';

describe('per-source webhook rate limit (429)', () => {
  it('answers 429 with Retry-After and a JSON error naming the source once the bucket is empty, before any verify work', async () => {
    // Each app gets its own buckets: one prefix per test.
    const limiter = new RedisRateLimiter(redis, `${prefix}-a`);
    const h = await startApp({
      integrationConfig: { generic: { secret: SECRET }, freshdesk: { secret: FD_SECRET, domain: 'acme' } },
      webhookRateLimit: { limiter, limits: () => ({ generic: { perSecond: 0.2, burst: 3 } }) },
    });
    for (let i = 0; i < 3; i++) expect((await postWebhook(h.base, body(`e${i}`))).status).toBe(202);

    const res = await postWebhook(h.base, body('e3'));
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    // One token every 5 s.
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('sla_rate_limited');
    expect(error.message).toMatch(/source "generic"/);
    expect(error.message).toMatch(/integrations\.generic\.rate_limit/);

    // Checked before the signature: an unsigned (or huge) delivery costs no HMAC, no parse.
    expect((await postWebhook(h.base, body('e4'), { signature: null })).status).toBe(429);
    expect(h.ingest.events.map((e) => e.eventId)).toEqual(['e0', 'e1', 'e2']);

    // Another source has its own limit (here none).
    const fd = await fetch(`${h.base}/webhooks/freshdesk`, { method: 'POST', headers: { 'x-sla-token': 'wrong' }, body: '{}' });
    expect(fd.status).toBe(401);

    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toContain('sla_timer_webhooks_total{source="generic",outcome="rate_limited"} 2');
    expect(metrics).toContain('sla_timer_webhooks_total{source="generic",outcome="accepted"} 3');
  });

  it('is one limit for every API process sharing the Redis prefix', async () => {
    const limits = () => ({ generic: { perSecond: 0.2, burst: 2 } });
    const one = await startApp({ webhookRateLimit: { limiter: new RedisRateLimiter(redis, `${prefix}-b`), limits } });
    const two = await startApp({ webhookRateLimit: { limiter: new RedisRateLimiter(redis, `${prefix}-b`), limits } });
    expect((await postWebhook(one.base, body('x1'))).status).toBe(202);
    expect((await postWebhook(two.base, body('x2'))).status).toBe(202);
    expect((await postWebhook(one.base, body('x3'))).status).toBe(429);
    expect((await postWebhook(two.base, body('x4'))).status).toBe(429);
  });

  it('reads the limits per request, so a reloaded config applies at once', async () => {
    let limits: Record<string, { perSecond: number; burst: number }> = { generic: { perSecond: 0.2, burst: 1 } };
    const h = await startApp({ webhookRateLimit: { limiter: new RedisRateLimiter(redis, `${prefix}-c`), limits: () => limits } });
    expect((await postWebhook(h.base, body('r1'))).status).toBe(202);
    expect((await postWebhook(h.base, body('r2'))).status).toBe(429);
    limits = {};
    expect((await postWebhook(h.base, body('r3'))).status).toBe(202);
  });

  it('fails open when the limiter cannot answer: the delivery goes on, with a warning', async () => {
    const broken: RateLimiter = { take: async () => Promise.reject(new Error('Connection is closed.')) };
    const h = await startApp({ webhookRateLimit: { limiter: broken, limits: () => ({ generic: { perSecond: 1, burst: 1 } }) } });
    expect((await postWebhook(h.base, body('f1'))).status).toBe(202);
    expect(h.logLines().some((l) => l.includes('webhook rate limit unavailable'))).toBe(true);
  });
});

describe('the service wires the limit from the config', () => {
  it('integrations.generic.rate_limit applies to /webhooks/generic through the running service', async () => {
    const config = `
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev3, default: true }
policies:
  - { id: all, calendar: always, targets: { sev3: { first_response: 1h } } }
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}", rate_limit: { per_second: 0.1, burst: 2 } }
`;
    const h = await startServiceHarness({ name: 'rate-limit', config, roles: { api: true, workers: false } });
    try {
      expect(h.config.rateLimits).toEqual({ generic: { perSecond: 0.1, burst: 2 } });
      // Until its Redis connection is up the limiter fails open (and says so); wait for it.
      for (let i = 0; i < 50 && (await fetch(`${h.url}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await h.post(body('s1'))).status).toBe(202);
      expect((await h.post(body('s2'))).status).toBe(202);
      const refused = await h.post(body('s3'));
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ error: { code: 'sla_rate_limited' } });
    } finally {
      await h.stop();
    }
  });
});
