/**
 * Keeps one delayed job per ticket, at its next checkpoint. Job ids carry the instant, so
 * a moved checkpoint is a new job plus the removal of the old one; a job that fires for an
 * instant the ticket no longer has finds nothing due and does nothing.
 */
import type { Queue } from 'bullmq';
import { checkpointJobId } from './job-ids.js';

/** What a checkpoint job carries: where to look, and for which instant it was set. */
export interface CheckpointJobData {
  source: string;
  ticketId: string;
  at: number;
}

export class CheckpointScheduler {
  constructor(
    private readonly queue: Queue,
    private readonly clock: () => number,
  ) {}

  /** Makes the ticket's job sit at `at` (none when null), removing the one at `previousAt`. */
  async ensure(source: string, ticketId: string, at: number | null, previousAt: number | null): Promise<void> {
    if (at !== null) {
      const data: CheckpointJobData = { source, ticketId, at };
      await this.queue.add('checkpoint', data, { jobId: checkpointJobId(source, ticketId, at), delay: Math.max(0, at - this.clock()) });
    }
    if (previousAt !== null && previousAt !== at) {
      // 0 when the old job is running right now: it will find nothing due for its instant.
      await this.queue.remove(checkpointJobId(source, ticketId, previousAt));
    }
  }
}
