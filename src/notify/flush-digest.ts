/**
 * Posting a channel's digest: seal the buffered alerts into a batch (alerts arriving meanwhile
 * start the next digest), post ONE message for the batch exactly once (same ledger discipline
 * as alerts, keyed by the batch id), then mark every alert in it sent with the digest's ts.
 */
import type { DigestBatch } from '../store/notify-ledger.js';
import { digestMessage, type DigestEntry } from './digest-message.js';
import { DONE, countSent, type DeliveryResult, type NotifierContext } from './notifier-context.js';
import { postOnce } from './post-once.js';
import { SlackPermanentError } from './slack-errors.js';
import { DIGEST_EVENT_TYPE } from './slack-port.js';

export async function flushDigest(ctx: NotifierContext, channel: string): Promise<DeliveryResult> {
  const { ledger } = ctx;
  // The digest has its own send slot, reserved when its first alert was buffered.
  const batch = await ledger.sealDigest(channel, ctx.clock());
  if (batch === null) return DONE;
  if ('wait' in batch) return { status: 'later', at: batch.wait };
  const entries = batch.items.map((i) => JSON.parse(i.payload) as DigestEntry);
  let result;
  try {
    result = await postOnce(ctx, {
      id: batch.id,
      channel,
      threadTs: null,
      broadcast: false,
      message: digestMessage(entries),
      eventType: DIGEST_EVENT_TYPE,
    });
  } catch (err) {
    if (!(err instanceof SlackPermanentError)) throw err;
    await settleFailed(ctx, channel, batch, entries, err.slackError);
    return DONE;
  }
  if (result.status === 'later') return result;
  if (result.status === 'skipped') {
    // The digest's post failed permanently earlier but the batch was not settled (crash).
    await settleFailed(ctx, channel, batch, entries, 'digest_failed');
    return DONE;
  }
  if (await ledger.completeDigest(channel, batch, result)) {
    for (const e of entries) countSent(ctx, 'digest', e.dueAt);
    ctx.logger.info({ digestId: batch.id, channel, ts: result.ts, alerts: entries.length }, 'alert digest sent to Slack');
  }
  return DONE;
}

async function settleFailed(ctx: NotifierContext, channel: string, batch: DigestBatch, entries: DigestEntry[], error: string): Promise<void> {
  if (!(await ctx.ledger.completeDigest(channel, batch, { error }))) return;
  ctx.metrics.alertsSent.inc({ kind: 'slack', outcome: 'failed' }, entries.length);
  ctx.logger.error({ digestId: batch.id, channel, slackError: error, alerts: entries.length }, 'Slack refused the alert digest; its alerts are dropped');
}
