/**
 * The three BullMQ queues: `events` (ticket events from webhooks), `checkpoints` (one
 * delayed job per ticket at its next checkpoint) and `notify` (Slack and write-backs).
 */
import { Queue, type DefaultJobOptions } from 'bullmq';
import { Redis } from 'ioredis';

export const QUEUE_NAMES = { events: 'events', checkpoints: 'checkpoints', notify: 'notify' } as const;

export interface Queues {
  events: Queue;
  checkpoints: Queue;
  notify: Queue;
  /** The producer connection (fails fast while Redis is away instead of buffering). */
  connection: Redis;
  close(): Promise<void>;
}

/** Retry settings per queue: events and checkpoints retry quickly, notify honours Slack's pace. */
export const JOB_DEFAULTS: Record<keyof typeof QUEUE_NAMES, DefaultJobOptions> = {
  events: { attempts: 12, backoff: { type: 'exponential', delay: 250 }, removeOnComplete: true, removeOnFail: { age: 7 * 86_400 } },
  checkpoints: { attempts: 12, backoff: { type: 'exponential', delay: 250 }, removeOnComplete: true, removeOnFail: { age: 7 * 86_400 } },
  notify: { attempts: 120, backoff: { type: 'slack' }, removeOnComplete: true, removeOnFail: { age: 30 * 86_400 } },
};

/** Creates the producers on one connection with `enableOfflineQueue: false` (BullMQ's advice for producers). */
export function createQueues(redisUrl: string, prefix: string): Queues {
  const connection = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const tag = `{${prefix}}`;
  const make = (name: keyof typeof QUEUE_NAMES) =>
    new Queue(QUEUE_NAMES[name], { connection, prefix: tag, defaultJobOptions: JOB_DEFAULTS[name] });
  const queues = { events: make('events'), checkpoints: make('checkpoints'), notify: make('notify') };
  return {
    ...queues,
    connection,
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await connection.quit().catch(() => undefined);
    },
  };
}
