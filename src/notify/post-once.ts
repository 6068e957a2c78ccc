/**
 * Posting a message exactly once, whatever crashes or timeouts happen around the call.
 * The ledger says `posting` before Slack is called and records the ts after. An attempt that
 * finds `posting` without a ts cannot know whether Slack got the message: it looks the
 * message up by the notice id in its metadata and records it, and posts again only when the
 * message is not there and the earlier attempt is surely over. It never re-posts blindly.
 */
import type { SlackMessage } from './slack-port.js';
import { SlackPermanentError, classifySlackError } from './slack-errors.js';
import type { NotifierContext } from './notifier-context.js';

export interface PostRequest {
  /** Ledger and metadata id: a notice id or a digest id. */
  id: string;
  channel: string;
  /** Reply in this thread (null: top-level). A retry keeps the thread its first attempt chose. */
  threadTs: string | null;
  /** Also show a thread reply in the channel. */
  broadcast: boolean;
  message: SlackMessage;
  eventType: string;
  /** The timer cycle whose root this top-level message becomes (when this notice owns the root). */
  rootOf?: string;
}

export type PostResult =
  | { status: 'sent'; ts: string; channelId: string; threadTs: string | null; fresh: boolean }
  | { status: 'later'; at: number }
  | { status: 'skipped'; state: string };

/**
 * Posts, or learns that an earlier attempt posted. `fresh` is true when this call is the one
 * that recorded the message (count it); Slack errors come out as SlackRetryableError or
 * SlackPermanentError (the ledger then says `failed`).
 */
export async function postOnce(ctx: NotifierContext, req: PostRequest): Promise<PostResult> {
  const { ledger, slack } = ctx;
  const now = ctx.clock();
  const { started, delivery } = await ledger.beginPosting(req.id, req.channel, now, req.threadTs);
  if (delivery.state === 'sent' && delivery.ts !== null) {
    return { status: 'sent', ts: delivery.ts, channelId: delivery.channelId ?? '', threadTs: delivery.threadTs, fresh: false };
  }
  if (delivery.state !== 'posting') return { status: 'skipped', state: delivery.state };
  const threadTs = delivery.threadTs;
  const rootOf = threadTs === null ? req.rootOf : undefined;
  let since = delivery.postingSince ?? now;
  // Only errors of Slack calls are classified; a Redis error propagates as it is (the queue retries).
  const viaSlack = async <T>(call: () => Promise<T>, isPost: boolean): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      const e = classifySlackError(err);
      if (e instanceof SlackPermanentError) {
        await ledger.markFailed(req.id, req.channel, e.slackError, req.rootOf);
      } else if (isPost && e.slackError === 'ratelimited') {
        // A 429 to the post is answered before Slack accepts the message: nothing to look up on
        // the retry. (A 429 to a lookup proves nothing about an earlier post: stay `posting`.)
        await ledger.abortPosting(req.id, req.channel, since);
      }
      throw e;
    }
  };
  if (!started) {
    const found = await viaSlack(() =>
      slack.findMessage({ channel: req.channel, threadTs, sinceMs: since - ctx.lookbackMs, eventType: req.eventType, noticeId: req.id }),
      false,
    );
    if (found !== null) {
      await ledger.markSent(req.id, req.channel, { ...found, via: 'lookup' }, rootOf);
      ctx.logger.info({ noticeId: req.id, channel: req.channel, ts: found.ts }, 'found the message of an interrupted post; not posting again');
      return { status: 'sent', ...found, threadTs, fresh: true };
    }
    if (now - since < ctx.postingGraceMs) return { status: 'later', at: since + ctx.postingGraceMs };
    if (!(await ledger.retakePosting(req.id, req.channel, since, now))) return { status: 'later', at: now + ctx.postingGraceMs };
    since = now;
  }
  const posted = await viaSlack(() =>
    slack.postMessage({
      channel: req.channel,
      ...req.message,
      ...(threadTs === null ? {} : { threadTs, broadcast: req.broadcast }),
      metadata: { eventType: req.eventType, noticeId: req.id },
    }),
    true,
  );
  await ledger.markSent(req.id, req.channel, { ...posted, via: 'post' }, rootOf);
  return { status: 'sent', ...posted, threadTs, fresh: true };
}
