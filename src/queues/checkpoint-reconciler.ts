/**
 * Repairs the one-job-per-ticket invariant of the checkpoints queue. A crash between saving a
 * ticket and moving its job, a job deleted by hand, or a checkpoint job that failed for good
 * (its deterministic id then blocks every later add) would leave an open ticket with no timer:
 * its alerts would never fire. The reconciler walks the active index in batches, recreates
 * the missing jobs, and removes delayed jobs for instants their ticket no longer has.
 *
 * Every step re-checks the ticket after acting, because workers keep moving jobs meanwhile:
 * a job added for an instant the ticket just left is taken back, and a stale job removed just
 * as its ticket came back to that instant is put back.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { TicketState } from '../sla/index.js';
import { readCheckpointJob, type CheckpointScheduler, type StoredCheckpointJob } from './checkpoint-scheduler.js';
import { expectedJobIds, planCheckpoints, planStaleJobs, ticketKey, type ActiveTicket, type JobPresence, type MissingJob, type PendingJob } from './reconcile-plan.js';

/** What one run found and did. */
export interface ReconcileReport {
  /** Open tickets looked at. */
  checked: number;
  /** Jobs recreated (absent, or held by a failed job). */
  missing: number;
  /** Stale delayed jobs removed. */
  stale: number;
  durationMs: number;
}

export interface CheckpointReconcilerDeps {
  store: {
    scanActive(cursor: string, count: number): Promise<{ cursor: string; states: TicketState[] }>;
    getMany(tickets: ReadonlyArray<{ source: string; ticketId: string }>): Promise<TicketState[]>;
    get(source: string, ticketId: string): Promise<TicketState | undefined>;
  };
  /** The checkpoints queue. */
  queue: Queue;
  /** A connection to the queue's Redis, to read job hashes in pipelines. */
  redis: Redis;
  scheduler: CheckpointScheduler;
  metrics: Pick<Metrics, 'reconcilerRepaired'>;
  logger: Logger;
  /** Tickets (and delayed jobs) per Redis round trip; default 500. */
  batchSize?: number;
}

export class CheckpointReconciler {
  private readonly batch: number;

  constructor(private readonly deps: CheckpointReconcilerDeps) {
    this.batch = deps.batchSize ?? 500;
  }

  /** One full pass: open tickets first, then the delayed jobs not accounted for by them. */
  async run(): Promise<ReconcileReport> {
    const started = Date.now();
    // Ids known right after pass 1: the stale pass reads no job data or ticket for them.
    const expected = new Set<string>();
    let checked = 0;
    let missing = 0;
    let cursor = '0';
    do {
      const step = await this.deps.store.scanActive(cursor, this.batch);
      cursor = step.cursor;
      const tickets: ActiveTicket[] = step.states.map((s) => ({ source: s.source, ticketId: s.ticketId, checkpointAt: s.checkpointAt }));
      checked += tickets.length;
      const plan = planCheckpoints(tickets, await this.presenceOf(expectedJobIds(tickets)));
      for (const id of plan.expected) expected.add(id);
      for (const job of plan.missing) if (await this.recreate(job)) missing++;
    } while (cursor !== '0');
    const stale = await this.removeStale(expected);
    return { checked, missing, stale, durationMs: Date.now() - started };
  }

  /** Live, finished or absent, for each job id (one pipelined HMGET per job). */
  private async presenceOf(jobIds: string[]): Promise<Map<string, JobPresence>> {
    const out = new Map<string, JobPresence>();
    if (jobIds.length === 0) return out;
    const { queue, redis } = this.deps;
    const pipeline = redis.pipeline();
    for (const id of jobIds) pipeline.hmget(queue.toKey(id), 'name', 'finishedOn');
    const replies = (await pipeline.exec()) ?? [];
    jobIds.forEach((id, i) => {
      const [err, reply] = replies[i] ?? [new Error('no reply'), null];
      if (err) throw err;
      const [name, finishedOn] = reply as [string | null, string | null];
      out.set(id, name === null ? 'absent' : finishedOn !== null ? 'finished' : 'live');
    });
    return out;
  }

  /** Adds the job; true when it was really missing (the ticket still wants it afterwards). */
  private async recreate(job: MissingJob): Promise<boolean> {
    const { queue, scheduler, store, logger, metrics } = this.deps;
    // A failed job is kept a week for inspection; while it holds the id, adding is a no-op.
    if (job.replace) await queue.remove(job.jobId);
    await scheduler.ensure(job.source, job.ticketId, job.at, null);
    const now = await store.get(job.source, job.ticketId);
    if (now?.checkpointAt !== job.at) {
      // The ticket moved on between the read and the add: its worker set the new job.
      await queue.remove(job.jobId);
      return false;
    }
    metrics.reconcilerRepaired.inc({ kind: 'missing' });
    logger.warn({ ticket: `${job.source}/${job.ticketId}`, at: new Date(job.at).toISOString(), jobId: job.jobId, replacedFailedJob: job.replace }, 'reconciler: checkpoint job was missing; recreated');
    return true;
  }

  /** Scans the delayed set; removes jobs whose ticket is gone or waits for another instant. */
  private async removeStale(expected: ReadonlySet<string>): Promise<number> {
    const { queue, redis } = this.deps;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, flat] = await redis.zscan(queue.keys.delayed!, cursor, 'COUNT', this.batch);
      cursor = next;
      const ids = flat.filter((_, i) => i % 2 === 0).filter((id) => !expected.has(id));
      if (ids.length > 0) removed += await this.removeStaleAmong(ids);
    } while (cursor !== '0');
    return removed;
  }

  private async removeStaleAmong(jobIds: string[]): Promise<number> {
    const { queue, redis, store, scheduler, logger, metrics } = this.deps;
    const pipeline = redis.pipeline();
    for (const id of jobIds) pipeline.hget(queue.toKey(id), 'data');
    const replies = (await pipeline.exec()) ?? [];
    const jobs: PendingJob[] = jobIds.map((jobId, i) => ({ jobId, data: parseJobData(replies[i]?.[1]) }));
    const wanted = jobs.flatMap((j) => (j.data === null ? [] : [{ source: j.data.source, ticketId: j.data.ticketId }]));
    const states = await store.getMany(wanted);
    const checkpointOf = new Map(states.map((s) => [ticketKey(s.source, s.ticketId), s.checkpointAt] as const));
    const dataOf = new Map(jobs.map((j) => [j.jobId, j.data] as const));
    let removed = 0;
    for (const jobId of planStaleJobs(jobs, checkpointOf)) {
      const data = dataOf.get(jobId)!;
      // 0 when it started running meanwhile: it finds nothing due for its instant.
      if ((await queue.remove(jobId)) !== 1) continue;
      const now = await store.get(data.source, data.ticketId);
      if (now?.checkpointAt === data.at) {
        // The ticket came back to this instant after the read (its worker's add was a no-op): put it back.
        await scheduler.ensure(data.source, data.ticketId, data.at, null);
        continue;
      }
      removed++;
      metrics.reconcilerRepaired.inc({ kind: 'stale' });
      logger.info({ ticket: `${data.source}/${data.ticketId}`, at: new Date(data.at).toISOString(), jobId }, 'reconciler: removed a stale checkpoint job');
    }
    return removed;
  }
}

/** A job's stored data, or null when it is gone or not a checkpoint job. */
function parseJobData(raw: unknown): PendingJob['data'] {
  if (typeof raw !== 'string') return null;
  try {
    const data = readCheckpointJob(JSON.parse(raw) as StoredCheckpointJob);
    return typeof data.source === 'string' && typeof data.ticketId === 'string' && typeof data.at === 'number' ? data : null;
  } catch {
    return null;
  }
}
