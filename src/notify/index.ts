/**
 * Slack escalation: Block Kit messages, threads per timer cycle, outcome updates, pacing and
 * digests, delivered exactly once. @slack/web-api is used here and nowhere else.
 */
export { createNotifier, channelTargets, type Notifier, type NotifierDeps, type DeliveryResult } from './create-notifier.js';
export type { CycleRef } from './notifier-context.js';
export { createSlackPort, type SlackPortOptions } from './create-slack-port.js';
export { SlackPermanentError, SlackRetryableError, classifySlackError } from './slack-errors.js';
export { ALERT_EVENT_TYPE, DIGEST_EVENT_TYPE, type FindArgs, type PostArgs, type PostedMessage, type SlackMessage, type SlackPort } from './slack-port.js';
export { alertHeadline, alertMessage, outcomeHeadline, outcomeMessage, type AlertMessageOptions } from './alert-message.js';
export { ACK_ACTION_ID, ACTIONS_BLOCK_ID, OPEN_TICKET_ACTION_ID, acknowledgedBlocks, acknowledgedLine, alertActionsBlock, decodeAckValue, encodeAckValue, type AckShown, type AckTarget } from './alert-actions.js';
export { digestEntry, digestLine, digestMessage, type DigestEntry } from './digest-message.js';
export { createSlackActions, type AckActionRequest, type AckDecision, type SlackActions, type SlackActionsDeps } from './slack-actions.js';
