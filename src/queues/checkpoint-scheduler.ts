/**
 * Keeps one delayed job per ticket, at its next checkpoint. Job ids carry the instant, so
 * a moved checkpoint is a new job plus the removal of the old one; a job that fires for an
 * instant the ticket no longer has finds nothing due and does nothing.
 */
import type { Queue } from 'bullmq';
import { checkpointJobId } from './job-ids.js';

/** What a checkpoint job is about: where to look, and for which instant it was set. */
export interface CheckpointJobData {
  source: string;
  ticketId: string;
  at: number;
}

/**
 * What a checkpoint job stores: the same as `[source, ticketId, at]` (one job waits per open
 * ticket, so its bytes count). Jobs stored by earlier versions carry `CheckpointJobData`.
 */
export type StoredCheckpointJob = [source: string, ticketId: string, at: number] | CheckpointJobData;

/** Reads a checkpoint job's data, whichever way it was stored. */
export function readCheckpointJob(data: StoredCheckpointJob): CheckpointJobData {
  return Array.isArray(data) ? { source: data[0], ticketId: data[1], at: data[2] } : data;
}

export class CheckpointScheduler {
  constructor(
    private readonly queue: Queue,
    private readonly clock: () => number,
  ) {}

  /**
   * Makes the ticket's job sit at `at` (none when null), removing the one at `previousAt`,
   * unless that one is `running` (the caller runs inside it: it is locked, so removing it
   * would do nothing, and it goes away when it completes).
   */
  async ensure(source: string, ticketId: string, at: number | null, previousAt: number | null, running: number | null = null): Promise<void> {
    if (at !== null) {
      const data: StoredCheckpointJob = [source, ticketId, at];
      await this.queue.add('checkpoint', data, { jobId: checkpointJobId(source, ticketId, at), delay: Math.max(0, at - this.clock()) });
    }
    if (previousAt !== null && previousAt !== at && previousAt !== running) {
      // 0 when the old job is running right now: it will find nothing due for its instant.
      await this.queue.remove(checkpointJobId(source, ticketId, previousAt));
    }
  }
}
