/**
 * What the events queue holds. A delivery batch (the deliveries read in one turn of the event
 * loop, event-ingest.ts) goes in as jobs of up to `EVENTS_PER_JOB` events each: the queue's
 * own Redis work (add, take, finish: ~120 µs of Redis CPU per job) is then paid once per job
 * instead of once per event, which halved the Redis CPU per event of bench:ingest. A lone
 * event keeps a job of its own, with the event's deterministic id (job-ids.ts), as do events
 * held back for their ticket's order; jobs queued by earlier versions are single events too.
 */
import type { JobsOptions } from 'bullmq';
import type { TicketEvent } from '../events.js';
import { eventJobId, hashOf } from './job-ids.js';

/** Most events one job carries: enough to spread the queue's cost, few enough that a job runs for milliseconds. */
export const EVENTS_PER_JOB = 16;

/** The data of a job carrying several events. */
export interface EventBatch {
  events: TicketEvent[];
}

export type EventJobData = TicketEvent | EventBatch;

/** The job name of a batch (single-event jobs are named after their source). */
export const BATCH_JOB_NAME = 'batch';

/** One job as `Queue.addBulk` takes it. */
export interface EventJob {
  name: string;
  data: EventJobData;
  opts: JobsOptions;
}

/** The jobs for `events`, in order: singles with their event's id, batches with an id from their events'. */
export function eventJobs(events: readonly TicketEvent[], opts: JobsOptions = {}): EventJob[] {
  const jobs: EventJob[] = [];
  for (let from = 0; from < events.length; from += EVENTS_PER_JOB) {
    const part = events.slice(from, from + EVENTS_PER_JOB);
    if (part.length === 1) {
      const e = part[0]!;
      jobs.push({ name: e.source, data: e, opts: { ...opts, jobId: eventJobId(e.source, e.eventId) } });
    } else {
      // Adding the same batch again (a retried write) is a no-op while the job exists.
      jobs.push({ name: BATCH_JOB_NAME, data: { events: part }, opts: { ...opts, jobId: `eb-${hashOf(...part.flatMap((e) => [e.source, e.eventId]))}` } });
    }
  }
  return jobs;
}

/** The events a job carries, in the order they happened (a stable sort: same-instant events keep their order). */
export function eventsOf(data: EventJobData): TicketEvent[] {
  if (!('events' in data)) return [data];
  return [...data.events].sort((a, b) => a.occurredAt - b.occurredAt);
}
