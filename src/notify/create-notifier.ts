/**
 * The Slack escalation layer: delivers alert and outcome notices exactly once, threaded per
 * timer cycle and channel, paced per channel, with a digest when a channel is flooded.
 * Without a Slack token it logs each alert once instead of sending it. Write-backs to the
 * ticket (`{ ticket: note }` targets) go through the source integration's writer either way.
 */
import type { TicketWriter } from '../events.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { AlertNotice, Notice, OutcomeNotice } from '../sla/index.js';
import type { NotifyLedger } from '../store/notify-ledger.js';
import { deliverWriteBacks } from './deliver-write-back.js';
import { alertHeadline } from './alert-message.js';
import { deliverAlert, type ChannelTarget } from './deliver-alert.js';
import { deliverOutcome } from './deliver-outcome.js';
import { flushDigest } from './flush-digest.js';
import { DONE, earliest, longerWait, type CycleRef, type DeliveryResult, type NotifierContext } from './notifier-context.js';
import { SlackPermanentError, SlackRetryableError } from './slack-errors.js';
import type { SlackPort } from './slack-port.js';

export type { DeliveryResult } from './notifier-context.js';

export interface Notifier {
  /**
   * Delivers one notice to each of its targets. Resolves 'done', or 'later' with an instant to
   * be retried at (pacing). Throws SlackRetryableError { retryAfterMs? } on 429/5xx/timeouts
   * (the queue retries with that delay); other Slack errors are permanent (logged, counted as
   * failed, not thrown). Errors of the ledger (Redis) propagate as they are.
   */
  deliver(notice: Notice): Promise<DeliveryResult>;
  /** Posts the pending digest of a channel (called by a queue job scheduled via scheduleDigest). */
  flushDigest(channel: string): Promise<DeliveryResult>;
}

export interface NotifierDeps {
  /** Undefined when SLACK_BOT_TOKEN is unset: alerts are logged, not sent. */
  slack: SlackPort | undefined;
  ledger: NotifyLedger;
  clock: () => number;
  logger: Logger;
  metrics: Pick<Metrics, 'alertsSent' | 'alertLateness'>;
  /** Asks the queue to call `flushDigest(channel)` at `at`; called again for the same digest, so dedupe by (channel, at). */
  scheduleDigest: (channel: string, at: number) => Promise<void>;
  /** At most this many alerts wait for a channel's send slots; further ones go to its digest. Default 5. */
  digestThreshold?: number;
  /** Minimum time between two messages in one channel (Slack: about 1 per second). Default 1000. */
  minIntervalMs?: number;
  /** A post attempt younger than this may still be in flight and is not repeated. Default 30 s. */
  postingGraceMs?: number;
  /** A thread root claimed this long ago but never posted is taken over. Default 30 min. */
  rootClaimStaleMs?: number;
  /** The ticket writer of a source, for `{ ticket: … }` targets; none when absent. */
  writers?: (source: string) => TicketWriter | undefined;
  /**
   * Whether alerts carry the Acknowledge / Open ticket buttons: only when Slack can reach
   * `POST /slack/actions` (a signing secret is configured). Read per message (config reloads). Default false.
   */
  buttons?: () => boolean;
  /**
   * Whether a timer cycle was acknowledged: a reminder or repeat held through quiet hours is
   * dropped when it was. Default: never (held alerts are all posted).
   */
  acknowledged?: (cycle: CycleRef) => Promise<boolean>;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const logger = deps.logger.child({ component: 'notify' });
  const toChannels = deps.slack === undefined ? loggingNotifier({ ...deps, logger }) : slackNotifier(deps, deps.slack, logger);
  const writers = deps.writers ?? (() => undefined);
  const writeBacks = { ledger: deps.ledger, writers, clock: deps.clock, logger, metrics: deps.metrics };
  return {
    async deliver(notice) {
      const result = await toChannels.deliver(notice);
      // Not paced like Slack: the ledger makes a repeat after a 'later' a no-op.
      if (notice.kind === 'alert') await deliverWriteBacks(writeBacks, notice);
      return result;
    },
    flushDigest: (channel) => toChannels.flushDigest(channel),
  };
}

function slackNotifier(deps: NotifierDeps, slack: SlackPort, logger: Logger): Notifier {
  const ctx: NotifierContext = {
    slack,
    ledger: deps.ledger,
    clock: deps.clock,
    logger,
    metrics: deps.metrics,
    scheduleDigest: deps.scheduleDigest,
    digestThreshold: deps.digestThreshold ?? 5,
    minIntervalMs: deps.minIntervalMs ?? 1000,
    postingGraceMs: deps.postingGraceMs ?? 30_000,
    lookbackMs: 60_000,
    rootClaimStaleMs: deps.rootClaimStaleMs ?? 30 * 60_000,
    buttons: deps.buttons ?? (() => false),
    acknowledged: deps.acknowledged ?? (async () => false),
  };
  return {
    async deliver(notice) {
      if (notice.kind === 'outcome') return deliverOutcome(ctx, notice);
      let later: number | null = null;
      let retry: SlackRetryableError | null = null;
      for (const target of channelTargets(notice)) {
        try {
          const r = await deliverAlert(ctx, notice, target);
          if (r.status === 'later') later = earliest(later, r.at);
        } catch (err) {
          if (err instanceof SlackPermanentError) {
            ctx.metrics.alertsSent.inc({ kind: 'slack', outcome: 'failed' });
            logger.error({ noticeId: notice.id, channel: target.channel, slackError: err.slackError }, `Slack refused the alert: ${err.message}`);
          } else if (err instanceof SlackRetryableError) {
            // Other targets still get their chance; the retry skips whatever was sent.
            logger.warn({ noticeId: notice.id, channel: target.channel, slackError: err.slackError, retryAfterMs: err.retryAfterMs }, 'Slack call failed, will retry');
            retry = longerWait(retry, err);
          } else {
            throw err;
          }
        }
      }
      if (retry !== null) throw retry;
      return later === null ? DONE : { status: 'later', at: later };
    },
    flushDigest: (channel) => flushDigest(ctx, channel),
  };
}

/**
 * The alert's targets by channel (as written: `#name` or id), mentions of repeated channels
 * merged. A channel is held only while every target naming it is (then until the earliest).
 */
export function channelTargets(notice: AlertNotice): ChannelTarget[] {
  const byChannel = new Map<string, { mention: string[]; holdUntil: number | null }>();
  for (const t of notice.targets) {
    const channel = t.slack.trim();
    if (channel === '') continue;
    const hold = t.holdUntil ?? null;
    const known = byChannel.get(channel);
    const entry = known ?? { mention: [], holdUntil: hold };
    if (known !== undefined) entry.holdUntil = entry.holdUntil === null || hold === null ? null : Math.min(entry.holdUntil, hold);
    for (const m of t.mention) if (!entry.mention.includes(m)) entry.mention.push(m);
    byChannel.set(channel, entry);
  }
  return [...byChannel].map(([channel, { mention, holdUntil }]) => (holdUntil === null ? { channel, mention } : { channel, mention, holdUntil }));
}

/** No Slack token: each alert is logged once per channel (the ledger still dedupes). */
function loggingNotifier(deps: NotifierDeps & { logger: Logger }): Notifier {
  const { ledger, logger, metrics } = deps;
  const logAlert = async (notice: AlertNotice, target: ChannelTarget) => {
    if (!(await ledger.markLogged(notice.id, target.channel, deps.clock()))) return;
    metrics.alertsSent.inc({ kind: 'slack', outcome: 'logged' });
    const f = notice.facts;
    logger.info({ noticeId: notice.id, channel: target.channel, mention: target.mention, ticket: `${f.source}/${f.ticketId}`, url: f.url }, `SLA alert (not sent, no Slack token): ${alertHeadline(notice)}`);
  };
  const logOutcome = async (notice: OutcomeNotice) => {
    if (!(await ledger.markLogged(notice.id, '-', deps.clock()))) return;
    const f = notice.facts;
    logger.info({ noticeId: notice.id, ticket: `${f.source}/${f.ticketId}`, metric: f.metric, outcome: notice.outcome }, 'SLA timer outcome (not sent, no Slack token)');
  };
  return {
    async deliver(notice) {
      if (notice.kind === 'outcome') {
        await logOutcome(notice);
        return DONE;
      }
      const now = deps.clock();
      let later: number | null = null;
      for (const target of channelTargets(notice)) {
        // Quiet hours hold the log line too, so a dry run shows when it would have been sent.
        if (target.holdUntil !== undefined && now < target.holdUntil) later = earliest(later, target.holdUntil);
        else await logAlert(notice, target);
      }
      return later === null ? DONE : { status: 'later', at: later };
    },
    flushDigest: async () => DONE,
  };
}
