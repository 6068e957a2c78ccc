/**
 * When the checkpoint reconciler runs: once as workers start, then every `everyMs` (default
 * five minutes), as jobs of the `reconcile` queue, one process at a time (scheduled-job.ts).
 * The start job has a fixed id: workers starting together share one run.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ReconcileReport } from './checkpoint-reconciler.js';
import { startScheduledJob, type ScheduledJob } from './scheduled-job.js';

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

export type ReconcileSchedule = ScheduledJob;

export function startReconcileSchedule(deps: ReconcileScheduleDeps): Promise<ReconcileSchedule> {
  const { logger, metrics } = deps;
  return startScheduledJob({
    redisUrl: deps.redisUrl,
    prefix: deps.prefix,
    queue: RECONCILE_QUEUE,
    jobName: 'reconcile',
    schedulerId: RECONCILE_SCHEDULER_ID,
    startJobId: RECONCILE_START_JOB_ID,
    everyMs: deps.everyMs ?? DEFAULT_RECONCILE_EVERY_MS,
    logger,
    onFailed: () => metrics.reconcilerRuns.inc({ outcome: 'error' }),
    async run() {
      const report = await deps.reconciler.run();
      metrics.reconcilerRuns.inc({ outcome: 'ok' });
      logger[report.missing + report.stale > 0 ? 'info' : 'debug']({ ...report }, 'checkpoint jobs reconciled');
      return report;
    },
  });
}
