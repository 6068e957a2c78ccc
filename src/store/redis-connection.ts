/**
 * Redis connections. ioredis lives only in `store/` and `queues/`; everything else gets
 * a connection from here.
 */
import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * A connection for commands issued on behalf of a request: fail fast instead of queueing
 * while Redis is away, so a webhook gets a 503 it can retry rather than a hanging socket.
 */
export function createCommandConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, ...options });
}

/** Resolves once the connection is ready, or rejects with a message saying how to start Redis. */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis at ${url} did not answer within ${timeoutMs} ms; start one (e.g. \`redis-server --daemonize yes\`) or set REDIS_URL`));
    }, timeoutMs);
    const onReady = () => (cleanup(), resolve());
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}
