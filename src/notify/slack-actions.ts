/**
 * What Slack's buttons do on our side. Acknowledge: record it on the timer cycle (through the
 * ticket processor, atomically with its history), then show it on the clicked message
 * (chat.update: the button gives way to "Acknowledged by <@U> at <time>"). The update runs after
 * the answer: Slack wants its 200 within 3 s, and a slow or failed edit changes nothing recorded.
 */
import type { KnownBlock } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { Acknowledgement } from '../sla/index.js';
import { acknowledgedBlocks, type AckTarget } from './alert-actions.js';
import type { SlackPort } from './slack-port.js';

/** One click of Acknowledge, as Slack reported it. */
export interface AckActionRequest {
  target: AckTarget;
  userId: string;
  userName: string | null;
  /** Where the clicked message is (absent for messages Slack does not let us edit). */
  channelId: string | null;
  messageTs: string | null;
  /** The clicked message as Slack sent it, to be edited. */
  message: { text: string; blocks: KnownBlock[] } | null;
}

/**
 * What the ticket side answered: `recorded` now, `already` acknowledged (by the first one), the
 * cycle has `ended`, or it is `unknown`. `zone` is the timer calendar's, for showing the time.
 */
export type AckDecision =
  | { kind: 'recorded' | 'already'; ack: Acknowledgement; zone: string }
  | { kind: 'ended'; status: 'achieved' | 'cancelled' }
  | { kind: 'unknown' };

export interface SlackActions {
  /** Records the acknowledgement and schedules the message update; resolves once it is recorded. */
  acknowledge(req: AckActionRequest): Promise<AckDecision>;
}

export interface SlackActionsDeps {
  /** Records the acknowledgement on the ticket (the queues' `acknowledgeTimer`). */
  acknowledgeTimer(target: AckTarget, user: { userId: string; userName: string | null }): Promise<AckDecision>;
  /** Undefined without a bot token: nothing is edited. */
  slack: SlackPort | undefined;
  logger: Logger;
  /** Told when a message update settles (tests wait on it); never throws. */
  onUpdated?: (req: AckActionRequest, error: Error | null) => void;
}

export function createSlackActions(deps: SlackActionsDeps): SlackActions {
  const logger = deps.logger.child({ component: 'slack-actions' });
  return {
    async acknowledge(req) {
      const decision = await deps.acknowledgeTimer(req.target, { userId: req.userId, userName: req.userName });
      const t = req.target;
      logger.info({ ticket: `${t.source}/${t.ticketId}`, metric: t.metric, cycle: t.cycle, userId: req.userId, decision: decision.kind }, 'Slack acknowledge');
      // An `already` acknowledgement still edits the message: a second copy of it (another
      // channel, a thread reply) shows who took it on first.
      if (decision.kind === 'recorded' || decision.kind === 'already') void updateMessage(deps, logger, req, decision.ack, decision.zone);
      return decision;
    },
  };
}

async function updateMessage(deps: SlackActionsDeps, logger: Logger, req: AckActionRequest, ack: Acknowledgement, zone: string): Promise<void> {
  const { slack } = deps;
  if (slack === undefined || req.channelId === null || req.messageTs === null || req.message === null) {
    deps.onUpdated?.(req, null);
    return;
  }
  try {
    await slack.updateMessage({ channel: req.channelId, ts: req.messageTs, text: req.message.text, blocks: acknowledgedBlocks(req.message.blocks, ack, zone) });
    deps.onUpdated?.(req, null);
  } catch (err) {
    // Best effort: the acknowledgement is recorded; the button stays, and a click repeats the edit.
    logger.warn({ channel: req.channelId, ts: req.messageTs, err: (err as Error).message }, 'could not show the acknowledgement on the Slack message');
    deps.onUpdated?.(req, err as Error);
  }
}
