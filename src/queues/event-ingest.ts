/**
 * The webhook's door into the events queue. Every event of a delivery is enqueued, first
 * seen or not (deterministic job ids make a repeated add a no-op while the job exists; the
 * events worker dedupes against the ticket's own applied ids), and marked seen, in parallel:
 * the answer waits for both, so a crash or failure between them costs the tool a retry that
 * is enqueued again and at worst counted as a duplicate, never a lost event. The same script
 * notes each first-seen event for per-ticket order (event-order.ts).
 *
 * Concurrent deliveries are micro-batched: every `ingest` call made in the same turn of the
 * event loop joins one `addBulk` (jobs of up to 16 events, event-jobs.ts) and one script call
 * that marks the batch seen (two Redis writes per batch instead of two per delivery, one round
 * trip of waiting). Each caller still resolves only once its own events are enqueued, and a
 * failed batch rejects every caller in it (each answers 503 and its tool retries), so the 202
 * promise "durably enqueued" holds per delivery.
 *
 * Seen marks live in one set per 6 hours (`seen:b6h:<n>`, members the 16 bytes of the event's
 * hash); an event is a duplicate when one of the last 7 sets (36 to 42 hours) holds it. A set
 * member costs ~60 bytes where a key per event with a TTL cost ~150. A set leaving the window
 * is UNLINKed (freed off Redis's main thread); its TTL is only a backstop for a quiet source.
 * Markers written as one key per event (`seen:<hash>`, earlier versions) are still honoured.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TicketEvent } from '../events.js';
import type { EventIngest } from '../http/ports.js';
import type { Keys } from '../store/keys.js';
import type { EventOrder } from './event-order.js';
import { eventJobs } from './event-jobs.js';
import { hashOf } from './job-ids.js';

/** How long the webhook remembers an event id at least (tools retry for up to a day). */
const SEEN_MS = 36 * 3600_000;
/** Span of one set of seen marks. */
const SEEN_BUCKET_MS = 6 * 3600_000;
/** Sets consulted: the current one and the ones before it that still overlap SEEN_MS. */
const SEEN_BUCKETS = SEEN_MS / SEEN_BUCKET_MS + 1;
/** Events marked per script call (a script holds Redis while it runs). */
const MARK_CHUNK = 100;

/**
 * KEYS: the B seen sets (current first), the set that just left the window, then per event
 * its marker of earlier versions, then (when events are noted for order) per event its
 * ticket's order set. ARGV: B, the current set's expiry (epoch ms), the order sets' TTL in
 * ms (0: events are not noted), then per event its hash, and when noted its score and member.
 * Returns 1 per event seen first here (and noted), 0 per duplicate.
 */
const MARK_SEEN_SCRIPT = `
local b = tonumber(ARGV[1])
local ttl = tonumber(ARGV[3])
local per = ttl > 0 and 3 or 1
local n = (#ARGV - 3) / per
local out = {}
for i = 1, n do
  local at = 3 + (i - 1) * per
  local h = ARGV[at + 1]
  local dup = redis.call('EXISTS', KEYS[b + 1 + i]) == 1
  local j = 1
  while not dup and j <= b do
    dup = redis.call('SISMEMBER', KEYS[j], h) == 1
    j = j + 1
  end
  if dup then
    out[i] = 0
  else
    redis.call('SADD', KEYS[1], h)
    if ttl > 0 then
      local pend = KEYS[b + 1 + n + i]
      redis.call('ZADD', pend, ARGV[at + 2], ARGV[at + 3])
      redis.call('PEXPIRE', pend, ttl)
    end
    out[i] = 1
  end
end
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('UNLINK', KEYS[b + 1])
return out
`;

type ScriptedRedis = Redis & { slaMarkSeen(...keysAndArgs: Array<string | Buffer | number>): Promise<number[]> };

/** Most events one batch carries to Redis (one delivery is never split). */
const MAX_BATCH_EVENTS = 500;

interface Pending {
  events: TicketEvent[];
  resolve: (result: { accepted: number; duplicates: number }) => void;
  reject: (err: unknown) => void;
}

export class QueueEventIngest implements EventIngest {
  private pending: Pending[] = [];
  private scheduled = false;

  private readonly redis: ScriptedRedis;

  constructor(
    private readonly queue: Queue,
    redis: Redis,
    private readonly keys: Keys,
    private readonly clock: () => number = Date.now,
    /** Notes each accepted event, so workers apply a ticket's events in the order they happened. */
    private readonly order?: EventOrder,
  ) {
    if (!('slaMarkSeen' in redis)) redis.defineCommand('slaMarkSeen', { lua: MARK_SEEN_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  ingest(events: TicketEvent[]): Promise<{ accepted: number; duplicates: number }> {
    if (events.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O callbacks of this turn: deliveries read in the same turn share a batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      let size = 0;
      let n = 0;
      while (n < this.pending.length && (n === 0 || size + this.pending[n]!.events.length <= MAX_BATCH_EVENTS)) size += this.pending[n++]!.events.length;
      const batch = this.pending.splice(0, n);
      this.write(batch).catch((err: unknown) => {
        for (const p of batch) p.reject(err);
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    const events = batch.flatMap((p) => p.events);
    // Seen marks and order notes before the 202: an event sent after this answer can only be applied after these.
    const [, firstSeen] = await Promise.all([
      this.queue.addBulk(eventJobs(events)),
      this.markSeen(events),
    ]);
    let offset = 0;
    for (const p of batch) {
      // A repeat within one delivery, or of an event another delivery of the batch marked first, is a duplicate.
      let duplicates = 0;
      for (let i = 0; i < p.events.length; i++) if (firstSeen[offset + i] === 0) duplicates++;
      offset += p.events.length;
      p.resolve({ accepted: p.events.length - duplicates, duplicates });
    }
  }

  /** Marks the events seen and notes the first-seen ones for order; per event 1 when it was not seen before, 0 for a duplicate. */
  private async markSeen(events: TicketEvent[]): Promise<number[]> {
    const now = this.clock();
    const bucket = Math.floor(now / SEEN_BUCKET_MS);
    const sets = Array.from({ length: SEEN_BUCKETS + 1 }, (_, i) => this.keys.sub('seen', 'b6h', String(bucket - i)));
    // Kept until the last instant it can still be consulted, plus an hour.
    const expireAt = (bucket + 1) * SEEN_BUCKET_MS + SEEN_MS + 3600_000;
    const order = this.order;
    const pipeline = this.redis.pipeline() as unknown as { slaMarkSeen(...a: Array<string | Buffer | number>): void; exec(): Promise<Array<[Error | null, unknown]> | null> };
    for (let from = 0; from < events.length; from += MARK_CHUNK) {
      const chunk = events.slice(from, from + MARK_CHUNK);
      const hashes = chunk.map((e) => hashOf(e.source, e.eventId));
      const keys = [...sets, ...hashes.map((h) => this.keys.seen(h))];
      const args: Array<string | Buffer | number> = [SEEN_BUCKETS, expireAt, order?.ttlMs ?? 0];
      chunk.forEach((event, i) => {
        args.push(Buffer.from(hashes[i]!, 'hex'));
        if (order === undefined) return;
        const note = order.noteOf(event, now);
        keys.push(note.key);
        args.push(note.score, note.member);
      });
      pipeline.slaMarkSeen(keys.length, ...keys, ...args);
    }
    const replies = (await pipeline.exec()) ?? [];
    const out: number[] = [];
    for (const [err, reply] of replies) {
      if (err) throw err;
      out.push(...(reply as number[]));
    }
    return out;
  }
}
