/**
 * The report compactor's schedule: a BullMQ job scheduler adds one `compact` job every minute
 * to the `reports` queue, and one worker per process runs it. Several processes may run the
 * worker; the report store's lock lets one compact at a time, and its commit check makes a
 * second fold of the same batch impossible even if the lock is overrun.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { CompactionResult } from '../store/report-store.js';

export const REPORTS_QUEUE = 'reports';
/** The scheduler's id (BullMQ ids cannot contain `:`). */
export const COMPACT_SCHEDULER_ID = 'compact-reports';

export interface ReportCompactionDeps {
  redisUrl: string;
  prefix: string;
  compactor: { compact(): Promise<CompactionResult> };
  logger: Logger;
  /** Between runs (default one minute). */
  everyMs?: number;
}

export interface ReportCompaction {
  close(): Promise<void>;
}

export async function startReportCompaction(deps: ReportCompactionDeps): Promise<ReportCompaction> {
  const { logger } = deps;
  const producer = new Redis(deps.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const consumer = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  for (const c of [producer, consumer]) c.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error (reports)'));
  const prefix = `{${deps.prefix}}`;
  const queue = new Queue(REPORTS_QUEUE, { connection: producer, prefix });
  const worker = new Worker(
    REPORTS_QUEUE,
    async () => {
      const result = await deps.compactor.compact();
      if (result.folded > 0 || result.fenced) logger.debug({ ...result }, 'report outcomes compacted');
      return result;
    },
    { connection: consumer, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => logger.warn({ queue: REPORTS_QUEUE, jobId: job?.id, err: err.message }, 'report compaction failed'));
  worker.on('error', (err) => logger.error({ queue: REPORTS_QUEUE, err: err.message }, 'worker error'));
  // Upserting is idempotent: every process may do it at start.
  await queue.upsertJobScheduler(COMPACT_SCHEDULER_ID, { every: deps.everyMs ?? 60_000 }, { name: 'compact', opts: { removeOnComplete: true, removeOnFail: 100 } });
  return {
    async close() {
      await worker.close();
      await queue.close();
      await Promise.all([producer, consumer].map((c) => c.quit().catch(() => undefined)));
    },
  };
}
