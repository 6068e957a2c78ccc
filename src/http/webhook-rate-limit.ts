/**
 * Per-source webhook rate limiting, checked before a delivery's body is even read: a tool
 * (or someone posing as one) that floods its endpoint costs one Redis round trip per
 * request, not a body read, an HMAC and a parse. The bucket lives in Redis (store/), so
 * every API process shares one limit per source.
 */
import type { RateLimitSettings } from '../config/index.js';

export type { RateLimitSettings };

/** The answer of one `take`. */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A token bucket per key, shared by every process. */
export interface RateLimiter {
  /** Takes one token from `key`'s bucket if there is one; otherwise says how long until there is. */
  take(key: string, limit: RateLimitSettings): Promise<RateVerdict>;
}

export interface WebhookRateLimit {
  limiter: RateLimiter;
  /** The limit per source, read per request (the config may reload); a source without one is not limited. */
  limits: () => Readonly<Record<string, RateLimitSettings>>;
}

/** `Retry-After` in whole seconds, at least 1 (0 would invite an immediate retry). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
