/**
 * A timer ended after alerting: every channel that has a root message for its cycle gets that
 * message updated with the outcome. Updates are idempotent in Slack, so unlike posts they can
 * simply be repeated after a crash; the ledger still records them to skip needless calls.
 */
import { timerId, type OutcomeNotice } from '../sla/index.js';
import { outcomeMessage } from './alert-message.js';
import { DONE, earliest, longerWait, retrySoon, type DeliveryResult, type NotifierContext } from './notifier-context.js';
import { SlackPermanentError, SlackRetryableError, classifySlackError } from './slack-errors.js';

export async function deliverOutcome(ctx: NotifierContext, notice: OutcomeNotice): Promise<DeliveryResult> {
  const { ledger } = ctx;
  const cycle = timerId(notice.facts, notice.facts);
  // An older outcome (a resolution reopened and ended again), or a cancellation beaten by a
  // reply at the same instant, must not overwrite the one that stands.
  if (!(await ledger.claimOutcome(cycle, notice))) return DONE;
  const now = ctx.clock();
  let later: number | null = null;
  let retry: SlackRetryableError | null = null;
  for (const root of await ledger.roots(cycle)) {
    const d = await ledger.delivery(notice.id, root.channel);
    if (d !== null && d.state !== 'new') continue;
    if (root.ts === null) {
      // Its first alert is still waiting for a slot: update once it is posted (unless its owner is gone).
      if (root.since !== null && now - root.since <= ctx.rootClaimStaleMs) later = earliest(later, retrySoon(ctx, now));
      continue;
    }
    // Superseded while this ran (the reply's outcome arrived): leave the message to it.
    if ((await ledger.outcome(cycle))?.id !== notice.id) return DONE;
    try {
      await ctx.slack.updateMessage({ channel: root.channelId ?? root.channel, ts: root.ts, ...outcomeMessage(notice) });
    } catch (err) {
      const e = classifySlackError(err);
      if (e instanceof SlackPermanentError) {
        await ledger.markFailed(notice.id, root.channel, e.slackError);
        ctx.logger.error({ noticeId: notice.id, channel: root.channel, slackError: e.slackError }, 'Slack refused to update the alert thread with its outcome');
      } else {
        retry = longerWait(retry, e);
      }
      continue;
    }
    await ledger.markSent(notice.id, root.channel, { ts: root.ts, channelId: root.channelId ?? '', via: 'update' });
    ctx.logger.info({ noticeId: notice.id, channel: root.channel, ts: root.ts, outcome: notice.outcome }, 'alert thread updated with the outcome');
  }
  if (retry !== null) throw retry;
  return later === null ? DONE : { status: 'later', at: later };
}
