import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from '../../../src/store/rate-limiter.js';
import { connectTestRedis, deletePrefix, testPrefix } from '../../support/redis.js';

const prefix = testPrefix('rate-limiter');
let redis: Redis;
let other: Redis;

beforeAll(async () => {
  redis = await connectTestRedis();
  other = await connectTestRedis();
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
  other.disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisRateLimiter (GCRA token bucket in Redis)', () => {
  it('takes a burst at once, then refuses and says when the next token comes', async () => {
    const limiter = new RedisRateLimiter(redis, prefix);
    const limit = { perSecond: 2, burst: 3 };
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await limiter.take('burst', limit));
    expect(verdicts.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    const refused = verdicts[3]!;
    expect(refused.allowed).toBe(false);
    // One token every 500 ms; a few ms have passed since the burst.
    if (!refused.allowed) expect(refused.retryAfterMs).toBeGreaterThan(400);
    if (!refused.allowed) expect(refused.retryAfterMs).toBeLessThanOrEqual(500);
  });

  it('refills at the rate: after one interval one more request goes through, and only one', async () => {
    const limiter = new RedisRateLimiter(redis, prefix);
    const limit = { perSecond: 5, burst: 1 };
    expect((await limiter.take('refill', limit)).allowed).toBe(true);
    const refused = await limiter.take('refill', limit);
    if (refused.allowed) throw new Error('a second request within 200 ms was allowed');
    await sleep(refused.retryAfterMs + 5);
    expect((await limiter.take('refill', limit)).allowed).toBe(true);
    expect((await limiter.take('refill', limit)).allowed).toBe(false);
  });

  it('keeps one bucket per key', async () => {
    const limiter = new RedisRateLimiter(redis, prefix);
    const limit = { perSecond: 1, burst: 1 };
    expect((await limiter.take('webhook:zendesk', limit)).allowed).toBe(true);
    expect((await limiter.take('webhook:zendesk', limit)).allowed).toBe(false);
    expect((await limiter.take('webhook:jira', limit)).allowed).toBe(true);
  });

  it('is one limit across processes, and exact under concurrency (the script is atomic)', async () => {
    const a = new RedisRateLimiter(redis, prefix);
    const b = new RedisRateLimiter(other, prefix);
    const limit = { perSecond: 0.5, burst: 10 };
    const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).take('shared', limit)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
  });

  it('stores one number under the prefix hash tag, expiring once the bucket is full again', async () => {
    const limiter = new RedisRateLimiter(redis, prefix);
    await limiter.take('ttl', { perSecond: 10, burst: 5 });
    const key = limiter.keyOf('ttl');
    expect(key).toBe(`{${prefix}}:rate:ttl`);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(101);
    expect(Number(await redis.get(key))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('lets a refused request change nothing', async () => {
    const limiter = new RedisRateLimiter(redis, prefix);
    const limit = { perSecond: 1, burst: 1 };
    await limiter.take('refused', limit);
    const before = await redis.get(limiter.keyOf('refused'));
    for (let i = 0; i < 5; i++) expect((await limiter.take('refused', limit)).allowed).toBe(false);
    expect(await redis.get(limiter.keyOf('refused'))).toBe(before);
  });
});
