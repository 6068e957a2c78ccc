/**
 * A token bucket per key in Redis, shared by every API process: GCRA (the "generic cell rate
 * algorithm"), which stores one number per bucket, the theoretical arrival time (TAT) of the
 * next request. A request is allowed when TAT is at most `(burst - 1)` emission intervals
 * ahead of now, and then moves TAT one interval on; so an idle bucket takes `burst` requests
 * at once, then one per interval. Denied requests change nothing and learn exactly when the
 * next token comes (for `Retry-After`), unlike fixed windows, which let twice the limit
 * through at a window edge.
 *
 * The script reads Redis's own clock (TIME): every process sees the same instant, so their
 * clocks need not agree. Keys share the `{prefix}` hash tag and expire once the bucket is
 * full again, so idle sources cost nothing.
 */
import type { RateLimiter, RateLimitSettings, RateVerdict } from '../http/webhook-rate-limit.js';
import { keysFor, type Keys } from './keys.js';
import type { Redis } from './redis-connection.js';

/** KEYS: bucket. ARGV: emission interval (ms, fractional), burst. Returns {1, 0} or {0, ms until allowed}. */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local ahead = tat - now - (burst - 1) * interval
if ahead > 0 then return {0, math.ceil(ahead)} end
local later = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', later), 'PX', math.ceil(later - now) + 1)
return {1, 0}`;

type ScriptedRedis = Redis & { slaTakeToken(key: string, intervalMs: string, burst: number): Promise<[number, number]> };

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: ScriptedRedis;
  private readonly keys: Keys;

  constructor(redis: Redis, prefix: string) {
    this.keys = keysFor(prefix);
    if (!('slaTakeToken' in redis)) redis.defineCommand('slaTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  /** The bucket's Redis key, e.g. `{sla}:rate:webhook:zendesk`. */
  keyOf(key: string): string {
    return this.keys.sub('rate', key);
  }

  async take(key: string, limit: RateLimitSettings): Promise<RateVerdict> {
    const intervalMs = (1000 / limit.perSecond).toFixed(6);
    const [allowed, waitMs] = await this.redis.slaTakeToken(this.keyOf(key), intervalMs, Math.max(1, Math.floor(limit.burst)));
    return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: waitMs };
  }
}
