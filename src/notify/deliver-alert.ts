/**
 * One alert to one Slack channel: hold it through the channel's quiet hours, thread it under its
 * timer cycle's root message, wait for a send slot of the channel, or fold it into the channel's
 * digest when too many are waiting.
 */
import { isBreachOrLater, stopsOnAcknowledge, timerId, type AlertNotice } from '../sla/index.js';
import { alertMessage, outcomeMessage } from './alert-message.js';
import { digestEntry } from './digest-message.js';
import { DONE, countSent, retrySoon, type DeliveryResult, type NotifierContext } from './notifier-context.js';
import { postOnce } from './post-once.js';
import { ALERT_EVENT_TYPE } from './slack-port.js';

/** A channel and the mentions an alert carries to it (targets naming one channel twice are merged). */
export interface ChannelTarget {
  channel: string;
  mention: string[];
  /** The channel is in its quiet hours: deliver no earlier than this (absent: at once). */
  holdUntil?: number;
}

export async function deliverAlert(ctx: NotifierContext, notice: AlertNotice, target: ChannelTarget): Promise<DeliveryResult> {
  const { ledger } = ctx;
  const { channel } = target;
  const cycle = timerId(notice.facts, notice.facts);
  const now = ctx.clock();
  const d = await ledger.delivery(notice.id, channel);
  if (d !== null && (d.state === 'sent' || d.state === 'failed' || d.state === 'logged')) return DONE;
  if (d?.state === 'digested') {
    // Scheduling again is harmless (the queue dedupes) and covers a crash right after digesting.
    if (d.digestAt !== null) await ctx.scheduleDigest(channel, d.digestAt);
    return DONE;
  }
  if (target.holdUntil !== undefined && now < target.holdUntil) {
    // Quiet hours: the notify job waits as a delayed job (same id, so it survives restarts).
    if (d === null) ctx.logger.info({ noticeId: notice.id, channel, holdUntil: new Date(target.holdUntil).toISOString() }, 'channel in quiet hours: alert held');
    return { status: 'later', at: target.holdUntil };
  }
  if (target.holdUntil !== undefined && d === null && stopsOnAcknowledge(notice) && (await ctx.acknowledged(notice.facts))) {
    // Held through quiet hours, and someone took the cycle on meanwhile: the reminder is moot.
    ctx.logger.info({ noticeId: notice.id, channel }, 'held alert dropped: its timer cycle was acknowledged meanwhile');
    return DONE;
  }
  let threadTs: string | null = null;
  // A `posting` attempt already holds its slot and its thread: go straight to the lookup.
  if (d?.state !== 'posting') {
    // Also queues it in the thread by due instant: replies retried together go out in order.
    const claim = await ledger.claimRoot(cycle, channel, notice.id, now, ctx.rootClaimStaleMs, notice.dueAt);
    // Another alert of this cycle is opening the thread: reply once it is there.
    if (claim.role === 'wait') return { status: 'later', at: retrySoon(ctx, now) };
    threadTs = claim.role === 'reply' ? claim.ts : null;
    const slot = await ledger.reserveSlot(channel, notice.id, now, { minIntervalMs: ctx.minIntervalMs, maxBacklog: ctx.digestThreshold });
    if (slot.kind === 'full') {
      const at = await ledger.addToDigest(channel, notice.id, JSON.stringify(digestEntry(notice, target.mention)), now, ctx.minIntervalMs);
      if (claim.role === 'root') await ledger.releaseRoot(cycle, channel, notice.id);
      if (at !== null) await ctx.scheduleDigest(channel, at);
      ctx.logger.info({ noticeId: notice.id, channel, digestAt: at }, 'channel busy: alert folded into the digest');
      return DONE;
    }
    if (slot.at > now) return { status: 'later', at: slot.at };
  }
  const result = await postOnce(ctx, {
    id: notice.id,
    channel,
    threadTs,
    broadcast: isBreachOrLater(notice.at),
    message: alertMessage(notice, target.mention, { buttons: ctx.buttons() }),
    eventType: ALERT_EVENT_TYPE,
    rootOf: cycle,
  });
  if (result.status === 'later') return result;
  if (result.status === 'sent' && result.fresh) {
    countSent(ctx, 'sent', notice.dueAt);
    ctx.logger.info({ noticeId: notice.id, channel, ts: result.ts, threadTs: result.threadTs }, 'alert sent to Slack');
    if (result.threadTs === null) await applyEarlierOutcome(ctx, notice, cycle, channel, result);
  }
  return DONE;
}

/**
 * A root posted after its timer already ended (the alert waited for a slot while the outcome
 * was delivered) gets the outcome right away, so no thread is left looking unresolved.
 */
async function applyEarlierOutcome(ctx: NotifierContext, notice: AlertNotice, cycle: string, channel: string, root: { ts: string; channelId: string }): Promise<void> {
  const outcome = await ctx.ledger.outcome(cycle);
  if (outcome === null || outcome.endedAt < notice.dueAt) return;
  try {
    await ctx.slack.updateMessage({ channel: root.channelId, ts: root.ts, ...outcomeMessage(outcome) });
    await ctx.ledger.markSent(outcome.id, channel, { ts: root.ts, channelId: root.channelId, via: 'update' });
  } catch (err) {
    // Best effort: the alert itself is delivered; the outcome notice may still be retried.
    ctx.logger.warn({ noticeId: outcome.id, channel, err: (err as Error).message }, 'could not add the outcome to a late root message');
  }
}
