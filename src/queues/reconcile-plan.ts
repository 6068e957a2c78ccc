/**
 * What the checkpoint reconciler should do, decided from what it read (pure: no Redis, no
 * clock). Each open ticket must have a live checkpoint job at its state's `checkpointAt`; a
 * checkpoint job waiting for an instant its ticket no longer has is stale.
 */
import { checkpointJobId } from './job-ids.js';
import type { CheckpointJobData } from './checkpoint-scheduler.js';

/** A checkpoint job as read from Redis: absent, live (delayed, waiting or running), or finished (failed and kept). */
export type JobPresence = 'absent' | 'live' | 'finished';

/** An open ticket and the instant its checkpoint job must sit at (null: none needed). */
export interface ActiveTicket {
  source: string;
  ticketId: string;
  checkpointAt: number | null;
}

/** A job to (re)create; `replace` when a finished job holds its id (adding would be a no-op). */
export interface MissingJob {
  source: string;
  ticketId: string;
  at: number;
  jobId: string;
  replace: boolean;
}

/** The job ids open tickets need, and the ones missing among them. */
export interface CheckpointPlan {
  /** Ids of the jobs that exist and are right: the stale-job pass skips them. */
  expected: string[];
  missing: MissingJob[];
}

/**
 * Compares open tickets with their jobs. `presence` answers for each ticket's expected job id
 * (the caller reads exactly those ids: `expectedJobIds`).
 */
export function planCheckpoints(tickets: readonly ActiveTicket[], presence: ReadonlyMap<string, JobPresence>): CheckpointPlan {
  const expected: string[] = [];
  const missing: MissingJob[] = [];
  for (const t of tickets) {
    if (t.checkpointAt === null) continue;
    const jobId = checkpointJobId(t.source, t.ticketId, t.checkpointAt);
    const found = presence.get(jobId) ?? 'absent';
    if (found === 'live') expected.push(jobId);
    else missing.push({ source: t.source, ticketId: t.ticketId, at: t.checkpointAt, jobId, replace: found === 'finished' });
  }
  return { expected, missing };
}

/** The job ids to look up for a batch of open tickets. */
export function expectedJobIds(tickets: readonly ActiveTicket[]): string[] {
  return tickets.flatMap((t) => (t.checkpointAt === null ? [] : [checkpointJobId(t.source, t.ticketId, t.checkpointAt)]));
}

/** A pending checkpoint job and what it says it is for (null: unreadable data, e.g. removed meanwhile). */
export interface PendingJob {
  jobId: string;
  data: CheckpointJobData | null;
}

/**
 * Which pending jobs are stale: their ticket is gone or now waits for another instant.
 * `checkpointOf` gives each ticket's current `checkpointAt` (undefined: no such ticket), keyed
 * by `ticketKey`. Jobs with unreadable data are left alone (they were removed or are not ours).
 */
export function planStaleJobs(jobs: readonly PendingJob[], checkpointOf: ReadonlyMap<string, number | null | undefined>): string[] {
  const stale: string[] = [];
  for (const job of jobs) {
    if (job.data === null) continue;
    const current = checkpointOf.get(ticketKey(job.data.source, job.data.ticketId));
    if (current !== job.data.at) stale.push(job.jobId);
  }
  return stale;
}

/** A map key for one ticket (sources never contain `:`). */
export function ticketKey(source: string, ticketId: string): string {
  return `${source}:${ticketId}`;
}
