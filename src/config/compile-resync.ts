/**
 * `integrations.<tool>.resync`: fetch open tickets whose webhooks stopped arriving from the
 * tool's API and bring their clocks in line. Off unless given. Read here, next to the
 * integration blocks (like `rate_limit`), so each tool's schema checks only its own settings.
 *
 * ```yaml
 * integrations:
 *   zendesk:
 *     secret: "${ZENDESK_WEBHOOK_SECRET}"
 *     subdomain: acme
 *     write_back: { email: sla-bot@acme.com, api_token: "${ZENDESK_API_TOKEN}" }
 *     resync: { after: 6h, every: 15m, max_per_run: 200, on_not_found: keep }
 * ```
 *
 * Durations here are wall-clock time (how long no event arrived), not business time.
 */
import { z } from 'zod';
import { expecting, readDuration } from './config-schema.js';
import { isMap, isOff } from './integration-block.js';
import type { IssueList } from './issue-list.js';

/** What to do when the tool answers 404 for a ticket we hold open. */
export const ON_NOT_FOUND = ['keep', 'cancel'] as const;

/** One source's resync settings, compiled. */
export interface ResyncSettings {
  /** A ticket is due once no event arrived (and it was not read) for this long. */
  afterMs: number;
  /** Between runs. */
  everyMs: number;
  /** Tickets read per run at most, oldest first: bounds the calls to the tool's API. */
  maxPerRun: number;
  /** `keep` (default): log and count only; `cancel`: treat the ticket as deleted. */
  onNotFound: (typeof ON_NOT_FOUND)[number];
}

/** The key inside an integration block. */
export const RESYNC_KEY = 'resync';

export const DEFAULT_RESYNC: ResyncSettings = { afterMs: 6 * 3_600_000, everyMs: 15 * 60_000, maxPerRun: 200, onNotFound: 'keep' };

const MINUTE = 60_000;
const DAY = 24 * 3_600_000;

/** A wall-clock duration between `min` and `max` ms, written like the config's other durations. */
function wallDuration(what: string, min: number, max: number, minText: string, maxText: string) {
  return z.unknown().transform((v, ctx): number => {
    const fail = (message: string) => (ctx.addIssue({ code: 'custom', message, input: v }), z.NEVER);
    const ms = readDuration(v, ['m', 'h'], `${what}, a duration such as 15m, 6h or PT6H`);
    if (typeof ms !== 'number') return fail(ms.problem);
    if (ms < min) return fail(`"${String(v)}" is too short; ${what} must be at least ${minText}`);
    if (ms > max) return fail(`"${String(v)}" is too long; ${what} must be at most ${maxText}`);
    return ms;
  });
}

const HELP = 'a map { after?, every?, max_per_run?, on_not_found? } (e.g. { after: 6h, every: 15m, max_per_run: 200 }) or off';

const resyncSchema = z.strictObject(
  {
    // Shorter than a few minutes would race webhooks still in flight and spend API calls for nothing.
    after: wallDuration('after (how long without events before a ticket is read)', 5 * MINUTE, 30 * DAY, '5m', '720h (30 days)').optional(),
    every: wallDuration('every (time between runs)', MINUTE, DAY, '1m', '24h').optional(),
    max_per_run: z
      .number(expecting('tickets read per run at most, a whole number such as 200'))
      .int('must be a whole number, e.g. 200')
      .min(1, 'must be at least 1; write resync: off to turn resync off')
      .max(10_000, 'must be at most 10000; run more often instead')
      .optional(),
    on_not_found: z.enum(ON_NOT_FOUND, expecting('keep (log and count a ticket the tool answers 404 for; the default) or cancel (treat it as deleted: its clocks are cancelled)')).optional(),
  },
  expecting(HELP),
);

/**
 * Says why a source cannot resync (no ticket reader, or no API credentials), or undefined when
 * it can. The caller builds it from the integration registry; the loader never names a tool.
 */
export type ResyncSupport = (source: string, block: unknown) => string | undefined;

/** Each integration block's resync settings (only those that turn it on). Problems go under `integrations.<name>.resync`. */
export function compileResync(raw: Record<string, unknown>, compiledBlocks: Record<string, unknown>, issues: IssueList, support?: ResyncSupport): Record<string, ResyncSettings> {
  const out: Record<string, ResyncSettings> = {};
  for (const [name, block] of Object.entries(raw)) {
    const given = isMap(block) ? block[RESYNC_KEY] : undefined;
    if (given === undefined || given === null || isOff(given)) continue;
    const path = ['integrations', name, RESYNC_KEY];
    const parsed = issues.parse(resyncSchema, given, path);
    if (parsed === undefined) continue;
    // Checked against the validated block, so a bad block is reported once, by its own schema.
    const problem = Object.hasOwn(compiledBlocks, name) ? support?.(name, compiledBlocks[name]) : undefined;
    if (problem !== undefined) {
      issues.add(path, problem);
      continue;
    }
    out[name] = {
      afterMs: parsed.after ?? DEFAULT_RESYNC.afterMs,
      everyMs: parsed.every ?? DEFAULT_RESYNC.everyMs,
      maxPerRun: parsed.max_per_run ?? DEFAULT_RESYNC.maxPerRun,
      onNotFound: parsed.on_not_found ?? DEFAULT_RESYNC.onNotFound,
    };
  }
  return out;
}
