/**
 * What the parts of the notifier share: its ports, clock, limits and counters.
 * Built once by `createNotifier`; internal to `src/notify/`.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Metric } from '../sla/index.js';
import type { NotifyLedger } from '../store/notify-ledger.js';
import type { SlackRetryableError } from './slack-errors.js';
import type { SlackPort } from './slack-port.js';

/** What a delivery step answers: finished, or to be tried again at an instant (pacing, waiting for a thread). */
export type DeliveryResult = { status: 'done' } | { status: 'later'; at: number };

export const DONE: DeliveryResult = { status: 'done' };

export interface NotifierContext {
  slack: SlackPort;
  ledger: NotifyLedger;
  clock: () => number;
  logger: Logger;
  metrics: Pick<Metrics, 'alertsSent' | 'alertLateness'>;
  scheduleDigest: (channel: string, at: number) => Promise<void>;
  digestThreshold: number;
  minIntervalMs: number;
  /** A `posting` younger than this may still be in flight: wait rather than post again. */
  postingGraceMs: number;
  /** How far before a posting attempt a lookup searches (clock skew between us and Slack). */
  lookbackMs: number;
  /** A root claim older than this without a message is taken over (its owner is gone). */
  rootClaimStaleMs: number;
  /** Whether alert messages carry the Acknowledge / Open ticket buttons (Slack actions configured); read per message. */
  buttons: () => boolean;
  /** Whether the timer cycle was acknowledged meanwhile (read when a held alert comes due). */
  acknowledged: (cycle: CycleRef) => Promise<boolean>;
}

/** A timer cycle, as alert facts name it. */
export interface CycleRef {
  source: string;
  ticketId: string;
  metric: Metric;
  cycle: number;
}

/** Counts one alert that reached Slack, and how late it was against its due instant. */
export function countSent(ctx: NotifierContext, outcome: 'sent' | 'digest', dueAt: number): void {
  ctx.metrics.alertsSent.inc({ kind: 'slack', outcome });
  ctx.metrics.alertLateness.observe({ kind: 'slack' }, Math.max(0, ctx.clock() - dueAt) / 1000);
}

/** When to look again at something another delivery is about to do (open a thread): the next slot, roughly. */
export function retrySoon(ctx: NotifierContext, now: number): number {
  return now + Math.max(ctx.minIntervalMs, 250);
}

/** Of two retryable failures, the one asking for the longer wait (so the retry honours both). */
export function longerWait(a: SlackRetryableError | null, b: SlackRetryableError): SlackRetryableError {
  return a === null || (b.retryAfterMs ?? 0) > (a.retryAfterMs ?? 0) ? b : a;
}

/** The earlier of two retry instants (either may be absent). */
export function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
