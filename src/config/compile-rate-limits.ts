/**
 * `integrations.<tool>.rate_limit`: how many webhook deliveries per second a source may
 * send, shared by every API process. Read here, next to the integration blocks, so the
 * integrations never see it: each tool's own schema checks only its own settings.
 *
 * ```yaml
 * integrations:
 *   zendesk: { secret: "${ZENDESK_WEBHOOK_SECRET}", rate_limit: { per_second: 20, burst: 100 } }
 *   generic: { secret: "${GENERIC_WEBHOOK_SECRET}", rate_limit: off }   # no limit
 * ```
 */
import { z } from 'zod';
import { expecting } from './config-schema.js';
import { isMap, isOff } from './integration-block.js';
import type { IssueList } from './issue-list.js';

/** A token bucket: `burst` deliveries at once, refilled at `perSecond`. */
export interface RateLimitSettings {
  perSecond: number;
  burst: number;
}

/** The key inside an integration block. */
export const RATE_LIMIT_KEY = 'rate_limit';

/** What a source gets when its block says nothing: well above what a help desk sends, well below what hurts. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { perSecond: 50, burst: 200 };

const HELP = 'a map { per_second, burst } (e.g. { per_second: 50, burst: 200 }) or off';

const rateLimitSchema = z.strictObject(
  {
    per_second: z.number(expecting('deliveries per second, a number such as 50')).positive('must be more than 0; write off for no limit').max(100_000, 'must be at most 100000'),
    burst: z.number(expecting('deliveries accepted at once, an integer such as 200')).int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000').optional(),
  },
  expecting(HELP),
);

/**
 * The limit of each integration block (the default when it gives none; absent when `off`).
 * Problems are added to `issues` under `integrations.<name>.rate_limit`.
 */
export function compileRateLimits(raw: Record<string, unknown>, issues: IssueList): Record<string, RateLimitSettings> {
  const out: Record<string, RateLimitSettings> = {};
  for (const [name, block] of Object.entries(raw)) {
    const given = isMap(block) ? block[RATE_LIMIT_KEY] : undefined;
    if (given === undefined || given === null) {
      out[name] = DEFAULT_RATE_LIMIT;
      continue;
    }
    if (isOff(given)) continue;
    const parsed = issues.parse(rateLimitSchema, given, ['integrations', name, RATE_LIMIT_KEY]);
    if (parsed === undefined) continue;
    // Without a burst, one second's worth may arrive at once.
    out[name] = { perSecond: parsed.per_second, burst: parsed.burst ?? Math.max(1, Math.ceil(parsed.per_second)) };
  }
  return out;
}
