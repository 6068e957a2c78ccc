/**
 * Redis connections. ioredis lives only in `store/` and `queues/`; everything else gets
 * a connection from here.
 */
import { Redis, type RedisOptions } from 'ioredis';

export type { Redis };

/**
 * A connection for commands issued on behalf of a request: fail fast instead of queueing
 * while Redis is away, so a webhook gets a 503 it can retry rather than a hanging socket.
 *
 * Auto-pipelined: the many jobs and requests a process runs at once each send a few small
 * commands, and one socket write per command cost the service a fifth of its CPU in
 * bench:timers' profile (system calls). Batching what one event-loop turn issues into one
 * write took the service's CPU per alert down by ~18 %. Only our own connection: BullMQ's
 * worker connections stay as they are (users report lost jobs with auto-pipelined workers,
 * taskforcesh/bullmq#457, OptimalBits/bull#2276). Nothing sent here uses WATCH or blocking reads.
 */
export function createCommandConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true, ...options });
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
