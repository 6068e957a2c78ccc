/**
 * A job that runs on a schedule in a fleet of worker processes: a BullMQ job scheduler adds one
 * job per interval to its own queue however many processes upsert it, and one worker takes each
 * job, so one process runs it at a time. Optionally also once at start, under a fixed job id so
 * processes starting together share that run.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

export interface ScheduledJobDeps<R> {
  redisUrl: string;
  prefix: string;
  queue: string;
  jobName: string;
  /** The job scheduler's id (BullMQ ids cannot contain `:`). */
  schedulerId: string;
  everyMs: number;
  run(): Promise<R>;
  logger: Logger;
  /** Called after a run failed (its error is logged here). */
  onFailed?: (err: Error) => void;
  /** When set, one run right away under this job id. */
  startJobId?: string;
  /** How many failed jobs to keep (default none). */
  keepFailed?: number;
}

export interface ScheduledJob {
  close(): Promise<void>;
}

export async function startScheduledJob<R>(deps: ScheduledJobDeps<R>): Promise<ScheduledJob> {
  const { logger } = deps;
  const producer = new Redis(deps.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const consumer = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  for (const c of [producer, consumer]) c.on('error', (err: Error) => logger.warn({ err: err.message }, `redis connection error (${deps.queue})`));
  const prefix = `{${deps.prefix}}`;
  const queue = new Queue(deps.queue, { connection: producer, prefix });
  const worker = new Worker(deps.queue, () => deps.run(), { connection: consumer, prefix, concurrency: 1 });
  worker.on('failed', (job, err) => {
    deps.onFailed?.(err);
    logger.warn({ queue: deps.queue, jobId: job?.id, err: err.message }, `${deps.queue} job failed; the next run tries again`);
  });
  worker.on('error', (err) => logger.error({ queue: deps.queue, err: err.message }, 'worker error'));
  const opts = { removeOnComplete: true, removeOnFail: deps.keepFailed ?? true };
  // Upserting is idempotent: every process may do it at start.
  await queue.upsertJobScheduler(deps.schedulerId, { every: deps.everyMs }, { name: deps.jobName, opts });
  if (deps.startJobId !== undefined) await queue.add(deps.jobName, {}, { ...opts, jobId: deps.startJobId });
  return {
    async close() {
      await worker.close();
      await queue.close();
      await Promise.all([producer, consumer].map((c) => c.quit().catch(() => undefined)));
    },
  };
}

/**
 * Removes a job scheduler (and its next delayed job) that an earlier configuration started, so
 * a job turned off in the config stops running everywhere. True when there was one. The
 * connection is the caller's (one serves any number of removals) and stays open.
 */
export async function removeScheduledJob(connection: Redis, deps: Pick<ScheduledJobDeps<unknown>, 'prefix' | 'queue' | 'schedulerId'>): Promise<boolean> {
  const queue = new Queue(deps.queue, { connection, prefix: `{${deps.prefix}}` });
  try {
    const existed = (await queue.getJobScheduler(deps.schedulerId)) !== undefined;
    if (existed) await queue.removeJobScheduler(deps.schedulerId);
    return existed;
  } finally {
    await queue.close();
  }
}
