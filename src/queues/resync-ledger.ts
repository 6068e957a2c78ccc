/**
 * When the resync last read each ticket, per source: one sorted set (`<tag>:resync:<source>`,
 * members ticket ids, scores epoch ms). The planner counts a read like an event, so quiet
 * tickets take turns instead of filling every run. Only reads newer than `after` matter, so
 * older entries are trimmed each run: the set holds at most the tickets read in one `after`.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';

export class ResyncLedger {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Reads at or after `since`, by ticket id; older entries are dropped on the way. */
  async checkedSince(source: string, since: number): Promise<Map<string, number>> {
    const key = this.keyOf(source);
    const replies = (await this.redis.multi().zremrangebyscore(key, '-inf', `(${since}`).zrangebyscore(key, since, '+inf', 'WITHSCORES').exec()) ?? [];
    for (const [err] of replies) if (err) throw err;
    const items = (replies[1]?.[1] ?? []) as string[];
    const out = new Map<string, number>();
    for (let i = 0; i + 1 < items.length; i += 2) out.set(items[i]!, Number(items[i + 1]));
    return out;
  }

  /** Notes that these tickets were read at `at`; the set lives `ttlMs` after its last note. */
  async markRead(source: string, ticketIds: readonly string[], at: number, ttlMs: number): Promise<void> {
    if (ticketIds.length === 0) return;
    const key = this.keyOf(source);
    await this.redis.multi().zadd(key, ...ticketIds.flatMap((id) => [at, id])).pexpire(key, ttlMs).exec();
  }

  private keyOf(source: string): string {
    return this.keys.sub('resync', source);
  }
}
