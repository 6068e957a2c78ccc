/**
 * When resync runs: every `every` of each source that turns it on, as jobs of the source's own
 * `resync-<source>` queue, one process at a time (scheduled-job.ts). No run at start: a deploy
 * should not spend a burst of the help desk's API limits, and tickets due now are due at the
 * first run too. `every` and which sources resync take effect at a restart; `after`,
 * `max_per_run`, `on_not_found` and credentials are read at each run, so a reload applies them.
 * A source whose resync was turned off loses its schedule at the next start.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ResyncReport } from './resync-runner.js';
import { removeScheduledJob, startScheduledJob, type ScheduledJob } from './scheduled-job.js';

/** The queue and job scheduler id of a source (BullMQ ids cannot contain `:`; sources never do). */
export const resyncQueueName = (source: string): string => `resync-${source}`;

export interface ResyncScheduleDeps {
  redisUrl: string;
  prefix: string;
  /** The sources that resync, each with its interval. */
  sources: ReadonlyArray<{ source: string; everyMs: number }>;
  /** Sources that could resync (they have a reader) but do not now: a schedule left by an earlier config is removed. */
  off?: readonly string[];
  runner: { run(source: string): Promise<ResyncReport> };
  metrics: Pick<Metrics, 'resync'>;
  logger: Logger;
}

export interface ResyncSchedule {
  close(): Promise<void>;
}

export async function startResyncSchedule(deps: ResyncScheduleDeps): Promise<ResyncSchedule> {
  const { logger, metrics } = deps;
  const off = deps.off ?? [];
  if (off.length > 0) {
    const connection = new Redis(deps.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      for (const source of off) {
        const queue = resyncQueueName(source);
        if (await removeScheduledJob(connection, { prefix: deps.prefix, queue, schedulerId: queue })) {
          logger.info({ source }, 'resync is off for this source now: its schedule was removed');
        }
      }
    } finally {
      await connection.quit().catch(() => undefined);
    }
  }
  const jobs: ScheduledJob[] = [];
  for (const { source, everyMs } of deps.sources) {
    jobs.push(
      await startScheduledJob({
        redisUrl: deps.redisUrl,
        prefix: deps.prefix,
        queue: resyncQueueName(source),
        jobName: 'resync',
        schedulerId: resyncQueueName(source),
        everyMs,
        logger,
        onFailed: () => metrics.resync.inc({ source, outcome: 'run_failed' }),
        async run() {
          const report = await deps.runner.run(source);
          const changed = report.enqueued + report.cancelled + report.errors + report.deferred;
          logger[changed > 0 ? 'info' : 'debug']({ ...report }, 'resync run done');
          return report;
        },
      }),
    );
  }
  return {
    async close() {
      await Promise.all(jobs.map((j) => j.close()));
    },
  };
}
