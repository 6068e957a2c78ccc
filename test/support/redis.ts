/**
 * Real Redis for tests. Each test file takes its own prefix and removes only its own keys;
 * when Redis is not there the test fails and says how to start it (never skips).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const HOW_TO_START =
  'start one with: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no, or set REDIS_URL';

/** A fresh key prefix for one test file, e.g. `test-store-3f9a1c`. */
export function testPrefix(name: string): string {
  return `test-${name}-${randomBytes(3).toString('hex')}`;
}

/** Connects and pings; throws with instructions if Redis does not answer. */
export async function connectTestRedis(): Promise<Redis> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (${err instanceof Error ? err.message : String(err)}); ${HOW_TO_START}`);
  }
  return redis;
}

/**
 * Deletes every key whose hash tag starts with `prefix`: `{prefix}…`, and `{prefix-2}…` for
 * files that derive several prefixes from one. Prefixes are random, so nothing else matches.
 */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
