/**
 * Ticket SLA state in Redis, updated atomically: `save` is a compare-and-set on a revision
 * number, done in one Lua script together with the audit trail and the indexes, so two
 * workers handling events of the same ticket at once cannot lose either update.
 */
import type { Redis } from 'ioredis';
import type { HistoryEntry, TicketState } from '../sla/index.js';
import { keysFor, memberOf, parseMember, type Keys } from './keys.js';

export interface StoredTicket {
  state: TicketState;
  /** Revision for compare-and-set; increases with every save. */
  rev: number;
}

export interface TicketStoreOptions {
  /** Audit entries kept per ticket (newest). */
  historyCap?: number;
  /** How long a ticket with no active timer is kept (ms). */
  endedTtlMs?: number;
  /** About how many recent clock changes the live stream keeps for clients resuming (default 10,000). */
  changesCap?: number;
}

/** Where the ticket sits in the active index: its soonest due instant, or null when nothing is active. */
export type ActiveScore = number | null;

const SAVE_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
local curRev = ''
if cur then curRev = string.match(cur, '^(%d+)|') or '' end
if curRev ~= ARGV[1] then return false end
local rev = (tonumber(curRev) or 0) + 1
redis.call('SET', KEYS[1], rev .. '|' .. ARGV[2])
if ARGV[3] ~= '' then
  redis.call('LPUSH', KEYS[2], ARGV[3])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[7]) - 1)
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[10], '*', 'e', ARGV[9])
end
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
  redis.call('PERSIST', KEYS[2])
else
  redis.call('ZREM', KEYS[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
  redis.call('PEXPIRE', KEYS[2], ARGV[8])
end
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[6]) - tonumber(ARGV[8]))
return rev
`;

type ScriptedRedis = Redis & {
  slaSaveTicket(state: string, history: string, active: string, recent: string, changes: string, ...args: string[]): Promise<number | null>;
};

export class TicketStore {
  readonly keys: Keys;
  private readonly redis: ScriptedRedis;
  private readonly historyCap: number;
  private readonly endedTtlMs: number;
  private readonly changesCap: number;

  constructor(redis: Redis, prefix: string, options: TicketStoreOptions = {}) {
    this.keys = keysFor(prefix);
    this.historyCap = options.historyCap ?? 500;
    this.endedTtlMs = options.endedTtlMs ?? 30 * 86_400_000;
    this.changesCap = options.changesCap ?? 10_000;
    if (!('slaSaveTicket' in redis)) redis.defineCommand('slaSaveTicket', { numberOfKeys: 5, lua: SAVE_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  async load(source: string, ticketId: string): Promise<StoredTicket | undefined> {
    const raw = await this.redis.get(this.keys.state(source, ticketId));
    return raw === null ? undefined : decode(raw);
  }

  async get(source: string, ticketId: string): Promise<TicketState | undefined> {
    return (await this.load(source, ticketId))?.state;
  }

  /**
   * Saves `state` if the stored revision is still `expectedRev` (null: the ticket must not
   * exist yet). Returns the new revision, or null on a conflict (reload and recompute).
   */
  async save(state: TicketState, expectedRev: number | null, history: HistoryEntry | null, activeScore: ActiveScore, now: number): Promise<number | null> {
    const { source, ticketId } = state;
    const rev = await this.redis.slaSaveTicket(
      this.keys.state(source, ticketId),
      this.keys.history(source, ticketId),
      this.keys.active,
      this.keys.recent,
      this.keys.changes,
      expectedRev === null ? '' : String(expectedRev),
      JSON.stringify(state),
      history === null ? '' : JSON.stringify(history),
      memberOf(source, ticketId),
      activeScore === null ? '' : String(activeScore),
      String(now),
      String(this.historyCap),
      String(this.endedTtlMs),
      history === null ? '' : JSON.stringify({ s: source, t: ticketId, r: history.recordedAt, c: history.changes }),
      String(this.changesCap),
    );
    return rev;
  }

  async history(source: string, ticketId: string, limit: number): Promise<HistoryEntry[]> {
    const raw = await this.redis.lrange(this.keys.history(source, ticketId), 0, Math.max(0, limit - 1));
    return raw.map((r) => JSON.parse(r) as HistoryEntry);
  }

  /** Tickets with an active timer, soonest due first. */
  async active(limit: number, offset = 0): Promise<TicketState[]> {
    return this.statesOf(await this.redis.zrange(this.keys.active, offset, offset + limit - 1));
  }

  /** Tickets changed most recently first. */
  async recent(limit: number, offset = 0): Promise<TicketState[]> {
    return this.statesOf(await this.redis.zrange(this.keys.recent, offset, offset + limit - 1, 'REV'));
  }

  async activeCount(): Promise<number> {
    return this.redis.zcard(this.keys.active);
  }

  private async statesOf(members: string[]): Promise<TicketState[]> {
    if (members.length === 0) return [];
    const keys = members.map((m) => {
      const { source, ticketId } = parseMember(m);
      return this.keys.state(source, ticketId);
    });
    const raws = await this.redis.mget(...keys);
    return raws.flatMap((raw) => (raw === null ? [] : [decode(raw).state]));
  }
}

function decode(raw: string): StoredTicket {
  const bar = raw.indexOf('|');
  return { rev: Number(raw.slice(0, bar)), state: JSON.parse(raw.slice(bar + 1)) as TicketState };
}
