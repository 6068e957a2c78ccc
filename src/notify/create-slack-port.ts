/**
 * The Slack port on @slack/web-api's WebClient. The client's own retries are off (no retries,
 * rate-limited calls rejected with their Retry-After): the notify queue owns retries, and a
 * client that silently re-posts after a timeout would break exactly-once delivery.
 */
import { WebClient, LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { SlackPermanentError, classifySlackError } from './slack-errors.js';
import type { FindArgs, PostedMessage, SlackPort } from './slack-port.js';

export interface SlackPortOptions {
  token: string;
  /** Base URL of the Web API (`SLACK_API_URL`); Slack's own when absent. */
  apiUrl?: string;
  logger: Logger;
  /** Per-call timeout; a post that times out may still have happened (the notifier looks it up). */
  timeoutMs?: number;
  /** How many history pages (200 messages each) a lookup reads at most. */
  maxLookupPages?: number;
}

/** Slack ids of channels, private channels and DMs; anything else is a name. */
const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

export function createSlackPort(options: SlackPortOptions): SlackPort {
  const log = options.logger.child({ component: 'slack' });
  const client = new WebClient(options.token, {
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logger: slackLogger(log),
  });
  const maxPages = options.maxLookupPages ?? 5;
  // Names → ids, learned from post answers and conversations.list; ids never change, names rarely.
  const ids = new Map<string, string>();

  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw classifySlackError(err);
    }
  };

  async function resolveChannel(channel: string): Promise<string> {
    if (CHANNEL_ID.test(channel)) return channel;
    const name = channel.replace(/^#/, '');
    const known = ids.get(name);
    if (known !== undefined) return known;
    let cursor: string | undefined;
    do {
      const page = await call(() =>
        client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) }),
      );
      for (const c of page.channels ?? []) if (c.id && c.name) ids.set(c.name, c.id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor !== undefined && !ids.has(name));
    const id = ids.get(name);
    if (id === undefined) throw new SlackPermanentError('channel_not_found', `Slack has no channel named #${name} visible to the bot`);
    return id;
  }

  async function findMessage(args: FindArgs): Promise<PostedMessage | null> {
    const channelId = await resolveChannel(args.channel);
    const oldest = (Math.max(0, args.sinceMs) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const common = { channel: channelId, oldest, inclusive: true, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const res = await call(() =>
        args.threadTs ? client.conversations.replies({ ...common, ts: args.threadTs }) : client.conversations.history(common),
      );
      for (const m of res.messages ?? []) {
        const meta = m.metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
        if (m.ts && meta?.event_type === args.eventType && meta.event_payload?.notice_id === args.noticeId) return { ts: m.ts, channelId };
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) break;
    }
    return null;
  }

  return {
    async postMessage(args) {
      const common = {
        channel: args.channel,
        text: args.text,
        blocks: args.blocks,
        metadata: { event_type: args.metadata.eventType, event_payload: { notice_id: args.metadata.noticeId } },
        unfurl_links: false,
        unfurl_media: false,
      };
      const res = await call(() =>
        client.chat.postMessage(args.threadTs ? { ...common, thread_ts: args.threadTs, reply_broadcast: args.broadcast === true } : common),
      );
      if (!res.ts || !res.channel) throw new SlackPermanentError('invalid_response', 'chat.postMessage answered without ts or channel');
      if (!CHANNEL_ID.test(args.channel)) ids.set(args.channel.replace(/^#/, ''), res.channel);
      return { ts: res.ts, channelId: res.channel };
    },
    async updateMessage(args) {
      const channel = await resolveChannel(args.channel);
      await call(() => client.chat.update({ channel, ts: args.ts, text: args.text, blocks: args.blocks }));
    },
    findMessage,
  };
}

/** WebClient's logger interface on pino; its per-request chatter goes to debug. */
function slackLogger(log: Logger): SlackLogger {
  const join = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => log.debug(join(msg)),
    info: (...msg: unknown[]) => log.debug(join(msg)),
    warn: (...msg: unknown[]) => log.debug(join(msg)),
    error: (...msg: unknown[]) => log.warn(join(msg)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.DEBUG,
    setName: () => undefined,
  };
}
