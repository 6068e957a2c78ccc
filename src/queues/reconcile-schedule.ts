/**
 * When the checkpoint reconciler runs: once as workers start, then every `everyMs` (default
 * five minutes), as jobs of the `reconcile` queue. A BullMQ job scheduler makes one job per
 * interval however many worker processes there are, and one worker takes it, so one process
 * reconciles at a time. The start job has a fixed id: workers starting together share one run.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ReconcileReport } from './checkpoint-reconciler.js';

export const RECONCILE_QUEUE = 'reconcile';
/** The scheduler's id and the start job's id (BullMQ ids cannot contain `:`). */
export const RECONCILE_SCHEDULER_ID = 'reconcile-checkpoints';
export const RECONCILE_START_JOB_ID = 'reconcile-on-start';
export const DEFAULT_RECONCILE_EVERY_MS = 5 * 60_000;

export interface ReconcileScheduleDeps {
  redisUrl: string;
  prefix: string;
  reconciler: { run(): Promise<ReconcileReport> };
  metrics: Pick<Metrics, 'reconcilerRuns'>;
  logger: Logger;
  /** Between runs (default five minutes). */
  everyMs?: number;
}

export interface ReconcileSchedule {
  close(): Promise<void>;
}

export async function startReconcileSchedule(deps: ReconcileScheduleDeps): Promise<ReconcileSchedule> {
  const { logger, metrics } = deps;
  const producer = new Redis(deps.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const consumer = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
  for (const c of [producer, consumer]) c.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error (reconcile)'));
  const prefix = `{${deps.prefix}}`;
  const queue = new Queue(RECONCILE_QUEUE, { connection: producer, prefix });
  const worker = new Worker(
    RECONCILE_QUEUE,
    async () => {
      const report = await deps.reconciler.run();
      metrics.reconcilerRuns.inc({ outcome: 'ok' });
      const level = report.missing + report.stale > 0 ? 'info' : 'debug';
      logger[level]({ ...report }, 'checkpoint jobs reconciled');
      return report;
    },
    { connection: consumer, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => {
    metrics.reconcilerRuns.inc({ outcome: 'error' });
    logger.warn({ queue: RECONCILE_QUEUE, jobId: job?.id, err: err.message }, 'checkpoint reconcile failed; the next run tries again');
  });
  worker.on('error', (err) => logger.error({ queue: RECONCILE_QUEUE, err: err.message }, 'worker error'));
  const opts = { removeOnComplete: true, removeOnFail: true };
  // Upserting is idempotent: every process may do it at start.
  await queue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: deps.everyMs ?? DEFAULT_RECONCILE_EVERY_MS }, { name: 'reconcile', opts });
  await queue.add('reconcile', {}, { ...opts, jobId: RECONCILE_START_JOB_ID });
  return {
    async close() {
      await worker.close();
      await queue.close();
      await Promise.all([producer, consumer].map((c) => c.quit().catch(() => undefined)));
    },
  };
}
