/**
 * Slack escalation: Block Kit messages, threads per timer cycle, outcome updates, pacing and
 * digests, delivered exactly once. @slack/web-api is used here and nowhere else.
 */
export { createNotifier, channelTargets, type Notifier, type NotifierDeps, type DeliveryResult } from './create-notifier.js';
export { createSlackPort, type SlackPortOptions } from './create-slack-port.js';
export { SlackPermanentError, SlackRetryableError, classifySlackError } from './slack-errors.js';
export { ALERT_EVENT_TYPE, DIGEST_EVENT_TYPE, type FindArgs, type PostArgs, type PostedMessage, type SlackMessage, type SlackPort } from './slack-port.js';
export { alertHeadline, alertMessage, outcomeHeadline, outcomeMessage } from './alert-message.js';
export { digestEntry, digestLine, digestMessage, type DigestEntry } from './digest-message.js';
