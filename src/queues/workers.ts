/**
 * The three workers. Each runs on its own connection with `maxRetriesPerRequest: null`
 * (BullMQ's requirement for workers) and closes gracefully: `close()` waits for the jobs
 * in hand to finish.
 */
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { TicketEvent } from '../events.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { apply, tick, type Notice } from '../sla/index.js';
import { readCheckpointJob, type StoredCheckpointJob } from './checkpoint-scheduler.js';
import { eventJobs, eventsOf, type EventJobData } from './event-jobs.js';
import type { EventOrder } from './event-order.js';
import { JOB_DEFAULTS, QUEUE_NAMES } from './queues.js';
import type { TicketProcessor } from './ticket-processor.js';

/** Result of one delivery attempt by the notifier: done, or come back at an instant (pacing). */
export type DeliveryResult = { status: 'done' } | { status: 'later'; at: number };

/** What the notify worker needs from the notifier. */
export interface NoticeDelivery {
  deliver(notice: Notice): Promise<DeliveryResult>;
  flushDigest(channel: string): Promise<DeliveryResult>;
}

/**
 * Event and notify jobs spend most of their time waiting on Redis or Slack (a notice may wait
 * in place for its channel's send slot), so one process runs many at once: bench:timers
 * (100,000 alerts due within 3 minutes on 2 cores) went from a p99 alert lateness of 80 s
 * with 8/16/8 to 0.24 s with 64/64/128, and from 2,134 to 3,103 events applied per second.
 * Slack's pace is kept by the per-channel send slots, not by this number.
 *
 * Checkpoint jobs only talk to Redis, a few round trips each, and they come in bursts: Redis
 * promotes due delayed jobs in batches (every 1000/hz ms when the workers are idle). Run 64 at
 * once and every job of a batch finishes near the end of it; run 4 and they finish in turn,
 * still faster than they fall due. The same bench at 4 instead of 64: alert lateness p99 on
 * a 10,000-ticket run went from 176 to 103–120 ms (bench/README.md, bench:timers).
 */
export const DEFAULT_CONCURRENCY = { events: 64, checkpoints: 4, notify: 128 } as const;

export interface WorkerDeps {
  redisUrl: string;
  prefix: string;
  processor: TicketProcessor;
  notifier: NoticeDelivery;
  metrics: Metrics;
  logger: Logger;
  /** Jobs run at once per queue in this process (defaults in DEFAULT_CONCURRENCY). */
  concurrency?: { events?: number; checkpoints?: number; notify?: number };
  /** Seconds between stalled-job checks (BullMQ default 30); tests shorten it. */
  stalledIntervalMs?: number;
  /** A job's lock (BullMQ default 30 s): a crashed worker's jobs are retried once it lapses. */
  lockDurationMs?: number;
  /** Longest wait between notify retries without a Retry-After (default 60 s). */
  notifyRetryMaxMs?: number;
  /** Holds an event back while an earlier one of its ticket is queued (see event-order.ts). */
  order?: EventOrder;
  /** What `order` needs: the ticket's applied event ids. */
  appliedIds?: (source: string, ticketId: string) => Promise<readonly string[]>;
}

export interface Workers {
  all: Worker[];
  close(): Promise<void>;
}

/** Retry delay for notify jobs: Slack's Retry-After when it gave one, else exponential up to `maxMs` (a minute by default). */
export function notifyBackoff(attemptsMade: number, _type?: string, err?: Error, maxMs = 60_000): number {
  const retryAfter = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if (typeof retryAfter === 'number' && retryAfter >= 0) return retryAfter;
  return Math.min(maxMs, 1_000 * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * A notice told to come back within this many ms (e.g. a send slot a few ms ahead, taken by
 * a concurrent job of the same channel) waits in place instead of going back to the queue as
 * a delayed job: a delayed job is promoted only when Redis next times out the worker's
 * blocking read, which it does 1000/hz ms apart when otherwise idle (100 ms at the default hz).
 */
const WAIT_IN_PLACE_MS = 100;
/** At most this many in-place passes per run of a job; then it goes back to the queue. */
const WAIT_IN_PLACE_PASSES = 3;
/** An event held back for an earlier one of its ticket looks again after this long. */
const EVENT_ORDER_RETRY_MS = 20;

export function startWorkers(deps: WorkerDeps): Workers {
  const { processor, notifier, metrics, logger } = deps;
  const connections: Redis[] = [];
  const base = () => ({
    connection: connections[connections.push(new Redis(deps.redisUrl, { maxRetriesPerRequest: null })) - 1]!,
    prefix: `{${deps.prefix}}`,
    ...(deps.stalledIntervalMs ? { stalledInterval: deps.stalledIntervalMs } : {}),
    ...(deps.lockDurationMs ? { lockDuration: deps.lockDurationMs } : {}),
  });

  const { order, appliedIds } = deps;
  const mustWait = (event: TicketEvent) =>
    order !== undefined && appliedIds !== undefined ? order.mustWait(event, Date.now(), () => appliedIds(event.source, event.ticket.id)) : Promise.resolve(false);
  const applyEvent = async (event: TicketEvent, enqueuedAt: number) => {
    metrics.queueLag.observe({ queue: 'events' }, Math.max(0, Date.now() - enqueuedAt) / 1000);
    const result = await processor.process(event.source, event.ticket.id, { id: event.eventId, occurredAt: event.occurredAt }, (state, rules, now) => apply(state, event, rules, now));
    metrics.eventsApplied.inc({ source: event.source, result: result?.effects.duplicate ? 'duplicate' : 'applied' });
    for (const change of result?.effects.changes ?? []) {
      if (change.kind === 'breached') metrics.breaches.inc({ policy: result!.state.policyId ?? '-', metric: change.metric });
    }
    await order?.applied(event);
  };
  // Events of a batch held back for an earlier one of their ticket go back as jobs of their own.
  const { connection, prefix } = base();
  const eventsQueue = new Queue<EventJobData>(QUEUE_NAMES.events, { connection, prefix, defaultJobOptions: JOB_DEFAULTS.events });

  const events = new Worker<EventJobData>(
    QUEUE_NAMES.events,
    async (job: Job<EventJobData>, token?: string) => {
      const batch = eventsOf(job.data);
      if (batch.length === 1) {
        const event = batch[0]!;
        if (await mustWait(event)) {
          // An earlier event of this ticket is still queued: let it go first.
          await job.moveToDelayed(Date.now() + EVENT_ORDER_RETRY_MS, token);
          throw new DelayedError();
        }
        await applyEvent(event, job.timestamp);
        return;
      }
      // One at a time, in the order they happened; a retry of the job skips what was applied (the ticket's applied ids).
      const held: TicketEvent[] = [];
      for (const event of batch) {
        if (await mustWait(event)) held.push(event);
        else await applyEvent(event, job.timestamp);
      }
      if (held.length > 0) await eventsQueue.addBulk(held.flatMap((e) => eventJobs([e], { delay: EVENT_ORDER_RETRY_MS })));
    },
    { ...base(), concurrency: deps.concurrency?.events ?? DEFAULT_CONCURRENCY.events },
  );

  const checkpoints = new Worker<StoredCheckpointJob>(
    QUEUE_NAMES.checkpoints,
    async (job: Job<StoredCheckpointJob>) => {
      const { source, ticketId, at } = readCheckpointJob(job.data);
      metrics.queueLag.observe({ queue: 'checkpoints' }, Math.max(0, Date.now() - at) / 1000);
      const result = await processor.process(source, ticketId, { id: 'checkpoint', occurredAt: null, runningCheckpointAt: at }, (state, rules, now) => {
        if (state === undefined) return undefined;
        if (state.checkpointAt !== at) return { state, effects: { duplicate: true, changes: [], notices: [], checkpointAt: state.checkpointAt } };
        // A job may run a hair before its instant; what was planned for `at` is due.
        return tick(state, rules, Math.max(now, at));
      });
      for (const change of result?.effects.changes ?? []) {
        if (change.kind === 'breached') metrics.breaches.inc({ policy: result!.state.policyId ?? '-', metric: change.metric });
      }
    },
    { ...base(), concurrency: deps.concurrency?.checkpoints ?? DEFAULT_CONCURRENCY.checkpoints },
  );

  const notify = new Worker<Notice | { channel: string }>(
    QUEUE_NAMES.notify,
    async (job, token) => {
      for (let pass = 1; ; pass++) {
        const result = job.name === 'digest' ? await notifier.flushDigest((job.data as { channel: string }).channel) : await notifier.deliver(job.data as Notice);
        if (result.status !== 'later') return;
        const wait = result.at - Date.now();
        if (wait > WAIT_IN_PLACE_MS || pass >= WAIT_IN_PLACE_PASSES) {
          await job.moveToDelayed(result.at, token);
          throw new DelayedError();
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      }
    },
    { ...base(), concurrency: deps.concurrency?.notify ?? DEFAULT_CONCURRENCY.notify, settings: { backoffStrategy: (n: number, type?: string, err?: Error) => notifyBackoff(n, type, err, deps.notifyRetryMaxMs) } },
  );

  const all = [events, checkpoints, notify];
  for (const w of all) {
    w.on('failed', (job, err) => logger.warn({ queue: w.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    w.on('error', (err) => logger.error({ queue: w.name, err: err.message }, 'worker error'));
    // A job whose worker died (its lock lapsed): BullMQ puts it back to run again.
    w.on('stalled', (jobId) => logger.warn({ queue: w.name, jobId }, 'stalled job recovered; running it again'));
  }
  return {
    all,
    async close() {
      await Promise.all(all.map((w) => w.close()));
      await eventsQueue.close();
      // BullMQ leaves connections it was given open; they are ours to close.
      await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
    },
  };
}
