/**
 * The report compactor's schedule: one `compact` job every minute on the `reports` queue, run
 * by one worker process at a time (scheduled-job.ts). The report store's lock lets one compact
 * at a time even so, and its commit check makes a second fold of the same batch impossible even
 * if the lock is overrun.
 */
import type { Logger } from '../logger.js';
import type { CompactionResult } from '../store/report-store.js';
import { startScheduledJob, type ScheduledJob } from './scheduled-job.js';

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

export type ReportCompaction = ScheduledJob;

export function startReportCompaction(deps: ReportCompactionDeps): Promise<ReportCompaction> {
  const { logger } = deps;
  return startScheduledJob({
    redisUrl: deps.redisUrl,
    prefix: deps.prefix,
    queue: REPORTS_QUEUE,
    jobName: 'compact',
    schedulerId: COMPACT_SCHEDULER_ID,
    everyMs: deps.everyMs ?? 60_000,
    keepFailed: 100,
    logger,
    async run() {
      const result = await deps.compactor.compact();
      if (result.folded > 0 || result.fenced) logger.debug({ ...result }, 'report outcomes compacted');
      return result;
    },
  });
}
