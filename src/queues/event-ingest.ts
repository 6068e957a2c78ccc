/**
 * The webhook's door into the events queue. Events are enqueued first (deterministic job
 * ids make a repeated add a no-op while the job exists), and only then marked seen: a
 * crash between the two can only miscount a duplicate, never lose an event. The events
 * worker dedupes again against the ticket's own applied ids.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TicketEvent } from '../events.js';
import type { EventIngest } from '../http/ports.js';
import type { Keys } from '../store/keys.js';
import { eventJobId, hashOf } from './job-ids.js';

/** How long the webhook remembers an event id (tools retry for up to a day). */
const SEEN_TTL_SECONDS = 36 * 3600;

export class QueueEventIngest implements EventIngest {
  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async ingest(events: TicketEvent[]): Promise<{ accepted: number; duplicates: number }> {
    if (events.length === 0) return { accepted: 0, duplicates: 0 };
    await this.queue.addBulk(events.map((event) => ({ name: event.source, data: event, opts: { jobId: eventJobId(event.source, event.eventId) } })));
    const marks = this.redis.pipeline();
    for (const e of events) marks.set(this.keys.seen(hashOf(e.source, e.eventId)), '1', 'EX', SEEN_TTL_SECONDS, 'NX');
    const results = (await marks.exec()) ?? [];
    const batchIds = new Set<string>();
    let duplicates = 0;
    results.forEach(([err, reply], i) => {
      const e = events[i]!;
      const id = `${e.source}\u0000${e.eventId}`;
      if ((err === null && reply === null) || batchIds.has(id)) duplicates++;
      batchIds.add(id);
    });
    return { accepted: events.length - duplicates, duplicates };
  }
}
