/**
 * `POST /slack/actions`: Slack's interactivity Request URL. The body (form-encoded, one
 * `payload` JSON field) is read raw and its signature checked on the exact bytes before
 * anything is parsed. Acknowledge buttons are recorded before the answer (a Redis round
 * trip or two); the message is edited after it, so Slack gets its 200 well within 3 s.
 * Without a signing secret the route answers 404: nothing unsigned is ever acted on.
 */
import express, { Router, type Request, type Response } from 'express';
import { ACK_ACTION_ID, decodeAckValue, type AckActionRequest, type SlackActions } from '../notify/index.js';
import { HttpError } from './http-error.js';
import { addLogFields } from './request-context.js';
import { verifySlackSignature } from './slack-signature.js';

export interface SlackActionDeps {
  /** The signing secret in force (read per request: the config may reload); undefined: actions are off. */
  signingSecret: () => string | undefined;
  actions: SlackActions;
  clock: () => number;
}

/** Slack's interaction payloads are small; a message's blocks are the bulk. */
const BODY_LIMIT_BYTES = 256 * 1024;

export function slackActionRoutes(deps: SlackActionDeps): Router {
  const router = Router();
  const readRaw = express.raw({ type: () => true, limit: BODY_LIMIT_BYTES });
  const readBody = (req: Request, res: Response) =>
    new Promise<Buffer>((resolve, reject) => readRaw(req, res, (err?: unknown) => (err ? reject(err) : resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)))));

  router.post('/slack/actions', async (req, res) => {
    const secret = deps.signingSecret();
    if (secret === undefined || secret === '') {
      throw new HttpError(404, 'sla_not_found', 'Slack actions are not enabled; set slack.signing_secret in the config (e.g. signing_secret: "${SLACK_SIGNING_SECRET}") and use this URL as the Slack app\'s Interactivity Request URL');
    }
    const rawBody = await readBody(req, res);
    const verified = verifySlackSignature({ rawBody, timestamp: req.get('x-slack-request-timestamp'), signature: req.get('x-slack-signature') }, secret, deps.clock());
    if (!verified.ok) {
      addLogFields(res, { outcome: 'unauthorized' });
      throw new HttpError(401, 'sla_signature_invalid', verified.reason);
    }
    const payload = readPayload(rawBody);
    if (payload.type !== 'block_actions') {
      // Nothing else is wired to this app (no modals, shortcuts): acknowledge and ignore.
      res.status(200).json({ ok: true, ignored: String(payload.type ?? '') });
      return;
    }
    const results: string[] = [];
    for (const action of Array.isArray(payload.actions) ? (payload.actions as Array<Record<string, unknown>>) : []) {
      // Open ticket is a link button: Slack opens the URL and tells us too; nothing to do.
      if (action.action_id !== ACK_ACTION_ID) continue;
      const target = decodeAckValue(action.value);
      if (target === null) throw new HttpError(400, 'sla_payload_invalid', 'the Acknowledge button\'s value does not name a timer cycle (v1|source|ticket|metric|cycle)');
      const decision = await deps.actions.acknowledge(ackRequest(payload, target));
      addLogFields(res, { ticket: `${target.source}/${target.ticketId}`, metric: target.metric, cycle: target.cycle, ack: decision.kind });
      results.push(decision.kind);
    }
    res.status(200).json({ ok: true, acknowledged: results });
  });
  return router;
}

/** The `payload` field of the form body, parsed; 400 when it is not there or not a JSON object. */
function readPayload(rawBody: Buffer): Record<string, unknown> {
  const text = new URLSearchParams(rawBody.toString('utf8')).get('payload');
  if (text === null) throw new HttpError(400, 'sla_payload_invalid', 'expected a form body with a payload field, as Slack sends interactions');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new HttpError(400, 'sla_payload_invalid', 'the payload field is not a JSON object');
}

function ackRequest(payload: Record<string, unknown>, target: AckActionRequest['target']): AckActionRequest {
  const user = record(payload.user);
  const container = record(payload.container);
  const channel = record(payload.channel);
  const message = record(payload.message);
  const userId = text(user.id);
  if (userId === null) throw new HttpError(400, 'sla_payload_invalid', 'the payload has no user.id');
  const blocks = Array.isArray(message.blocks) ? (message.blocks as NonNullable<AckActionRequest['message']>['blocks']) : null;
  return {
    target,
    userId,
    userName: text(user.username) ?? text(user.name),
    channelId: text(container.channel_id) ?? text(channel.id),
    messageTs: text(container.message_ts) ?? text(message.ts),
    message: blocks === null ? null : { text: text(message.text) ?? '', blocks },
  };
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
