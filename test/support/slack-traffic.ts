/**
 * What Slack saw of one ticket, without what names the ticket, so that the traffic of two
 * tickets living the same life (e.g. told by two help-desk tools) can be compared: each post as
 * (channel, alert, the alert it replies under, broadcast, header, text) and each update of a
 * root message with its outcome.
 *
 * ```ts
 * const a = slackTraffic(h.slack, ['#leads'], 'generic', 'T-1');
 * const b = slackTraffic(h.slack, ['#leads'], 'zendesk', '35436');
 * expect(b).toEqual(a);
 * ```
 */
import type { FakeSlack, FakeSlackCall, FakeSlackMessage } from './fake-slack.js';

export interface SlackPost {
  channel: string;
  /** The alert: `<metric>/<cycle>/<alert key>`. */
  notice: string;
  /** The alert whose message it replies under (null: a root message). */
  thread: string | null;
  broadcast: boolean;
  header: string | undefined;
  /** The notification text with the ticket's `source/id` replaced by `<ticket>`. */
  text: string;
}

export interface SlackUpdate {
  channel: string;
  /** The alert whose root message was updated. */
  root: string;
  header: string | undefined;
  text: string;
}

export function headerOfBlocks(blocks: unknown): string | undefined {
  const first = Array.isArray(blocks) ? (blocks[0] as { type?: string; text?: { text?: string } } | undefined) : undefined;
  return first?.type === 'header' ? first.text?.text : undefined;
}

function noticeOfArgs(args: FakeSlackCall['args']): string | undefined {
  const id = (args.metadata as { event_payload?: { notice_id?: unknown } } | undefined)?.event_payload?.notice_id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The successful Slack calls that concern one ticket, in the order Slack received them: posts
 * (identified by the notice id in their metadata) and updates (by the root message they edit).
 * `channels` are the channel names the alerts go to.
 */
export function slackTraffic(slack: FakeSlack, channels: readonly string[], source: string, ticketId: string): { posts: SlackPost[]; updates: SlackUpdate[] } {
  const prefix = `${source}/${ticketId}/`;
  const channelName = new Map<string, string>(channels.map((c) => [slack.channelId(c), c]));
  const messages = new Map<string, FakeSlackMessage>();
  for (const c of channels) for (const m of slack.messages(c)) messages.set(`${m.channel}|${m.ts}`, m);
  const noticeOf = (channelId: string, ts: unknown): string | undefined => {
    const id = messages.get(`${channelId}|${String(ts)}`)?.metadata?.event_payload.notice_id;
    return typeof id === 'string' ? id : undefined;
  };
  const own = (id: string | undefined): id is string => id !== undefined && id.startsWith(prefix);
  const strip = (id: string) => id.slice(prefix.length);
  const text = (t: unknown) => String(t).replaceAll(`${source}/${ticketId}`, '<ticket>');

  const posts: SlackPost[] = [];
  const updates: SlackUpdate[] = [];
  for (const call of slack.calls) {
    if (call.outcome !== 'ok') continue;
    if (call.method === 'chat.postMessage') {
      const id = noticeOfArgs(call.args);
      if (!own(id)) continue;
      const channel = String(call.args.channel);
      const threadTs = call.args.thread_ts;
      const thread = typeof threadTs === 'string' && threadTs !== '' ? noticeOf(slack.channelId(channel), threadTs) : null;
      posts.push({
        channel,
        notice: strip(id),
        thread: thread === null ? null : own(thread) ? strip(thread) : `another ticket's ${String(thread)}`,
        broadcast: call.args.reply_broadcast === true,
        header: headerOfBlocks(call.args.blocks),
        text: text(call.args.text),
      });
    } else if (call.method === 'chat.update') {
      const channelId = String(call.args.channel);
      const root = noticeOf(channelId, call.args.ts);
      if (!own(root)) continue;
      updates.push({ channel: channelName.get(channelId) ?? channelId, root: strip(root), header: headerOfBlocks(call.args.blocks), text: text(call.args.text) });
    }
  }
  return { posts, updates };
}
