/**
 * The few Slack Web API calls the notifier needs, behind our own interface: the notifier and
 * its tests never see @slack/web-api. `createSlackPort` implements it on the WebClient.
 */
import type { KnownBlock } from '@slack/web-api';

/** `metadata.event_type` of an alert message; the payload carries `notice_id` for lookups. */
export const ALERT_EVENT_TYPE = 'sla_alert';
/** `metadata.event_type` of a digest message. */
export const DIGEST_EVENT_TYPE = 'sla_alert_digest';

/** A message body: Block Kit blocks plus the plain `text` used for notifications and old clients. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface PostArgs extends SlackMessage {
  /** Channel id (`C…`, `G…`) or name (`#support`). */
  channel: string;
  /** Reply in this thread. */
  threadTs?: string;
  /** With `threadTs`: also show the reply in the channel. */
  broadcast?: boolean;
  /** Carried in the message so a retry can find it (`conversations.history`). */
  metadata: { eventType: string; noticeId: string };
}

export interface PostedMessage {
  ts: string;
  /** The channel's id, as Slack answered it (needed for updates and history). */
  channelId: string;
}

export interface FindArgs {
  channel: string;
  /** Search this thread's replies instead of the channel's top-level messages. */
  threadTs?: string | null;
  /** Only messages posted at or after this instant (epoch ms). */
  sinceMs: number;
  eventType: string;
  noticeId: string;
}

export interface SlackPort {
  /** chat.postMessage. */
  postMessage(args: PostArgs): Promise<PostedMessage>;
  /** chat.update; `channel` should be the id (Slack refuses names here). */
  updateMessage(args: SlackMessage & { channel: string; ts: string }): Promise<void>;
  /** The message carrying this notice id in its metadata, posted since `sinceMs`, or null. */
  findMessage(args: FindArgs): Promise<PostedMessage | null>;
}
