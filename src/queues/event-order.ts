/**
 * Applies a ticket's queued events in the order they happened. Several workers (in one
 * process or many) take events off one queue at once, so a ticket's "pending" and then "open"
 * can be applied the other way round; the core then drops the older status as late, and the
 * pause between them is lost. So the webhook notes each accepted event in a per-ticket sorted
 * set (by `occurredAt`; `QueueEventIngest` writes it) before answering 202, and the events
 * worker holds an event back while an earlier one of its ticket is still queued, and strikes
 * it off once applied.
 *
 * An entry is honoured for `maxWaitMs` after it was noted: an earlier event whose job was lost
 * (or failed for good) holds its ticket's later events back that long, never longer. Events
 * that reach the webhook out of order are applied as they come, as before.
 */
import type { Redis } from 'ioredis';
import type { TicketEvent } from '../events.js';
import type { Keys } from '../store/keys.js';

export interface EventOrderOptions {
  /** How long a noted event may hold its ticket's later events back (default 30 s). */
  maxWaitMs?: number;
  /** How long a ticket's set lives after its last note (default one day). */
  ttlMs?: number;
}

/** Members are `<noted at>|<event id>`: the age of a note travels with it. */
const DONE_SCRIPT = `
local found = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
local suffix = '|' .. ARGV[2]
for _, m in ipairs(found) do
  if string.sub(m, -#suffix) == suffix then redis.call('ZREM', KEYS[1], m) end
end
return 1
`;

type ScriptedRedis = Redis & { slaEventDone(key: string, occurredAt: number, eventId: string): Promise<number> };

export class EventOrder {
  private readonly redis: ScriptedRedis;
  private readonly maxWaitMs: number;
  /** How long a ticket's set lives after its last note. */
  readonly ttlMs: number;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
    options: EventOrderOptions = {},
  ) {
    if (!('slaEventDone' in redis)) redis.defineCommand('slaEventDone', { numberOfKeys: 1, lua: DONE_SCRIPT });
    this.redis = redis as ScriptedRedis;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.ttlMs = options.ttlMs ?? 86_400_000;
  }

  /**
   * The sorted-set entry that notes an accepted event: the webhook's ingest writes it in the
   * same script that marks the event seen (so a first-seen event is always noted), then
   * sets the key to expire after `ttlMs`.
   */
  noteOf(event: TicketEvent, now: number): { key: string; score: number; member: string } {
    return { key: this.keyOf(event), score: event.occurredAt, member: `${now}|${event.eventId}` };
  }

  /**
   * True while an event of the same ticket that happened earlier is queued and not yet applied.
   * `applied` gives the ticket's applied event ids (read only when there is a candidate).
   */
  async mustWait(event: TicketEvent, now: number, applied: () => Promise<readonly string[]>): Promise<boolean> {
    const earlier = await this.redis.zrangebyscore(this.keyOf(event), '-inf', `(${event.occurredAt}`);
    const live = earlier.flatMap((m) => {
      const bar = m.indexOf('|');
      return now - Number(m.slice(0, bar)) < this.maxWaitMs ? [m.slice(bar + 1)] : [];
    });
    if (live.length === 0) return false;
    // An entry whose event was applied but not struck off (a crash in between) holds nothing.
    const done = new Set(await applied());
    return live.some((id) => id !== event.eventId && !done.has(id));
  }

  /** Strikes an applied (or duplicate) event off its ticket's set. */
  async applied(event: TicketEvent): Promise<void> {
    await this.redis.slaEventDone(this.keyOf(event), event.occurredAt, event.eventId);
  }

  private keyOf(e: TicketEvent): string {
    return this.keys.sub('pend', e.source, e.ticket.id);
  }
}
