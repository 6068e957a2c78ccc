/**
 * Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp +
 * ":" + raw body)>`, refused when the timestamp is more than 5 minutes from our clock (a
 * captured request cannot be replayed later). Pure: the clock is an input, as in bolt-js's
 * `verifySlackRequest`. The constant-time HMAC check and the timestamp window are the ones the
 * webhook integrations use.
 */
import { createHmac } from 'node:crypto';
import type { VerifyResult } from '../../integrations/integration.js';
import { hmacMatches } from '../../integrations/shared/hmac-signature.js';
import { checkTimestamp, DEFAULT_TOLERANCE_SECONDS } from '../../integrations/shared/timestamp-window.js';

export interface SlackRequest {
  /** The body exactly as received. */
  rawBody: Buffer;
  /** `X-Slack-Request-Timestamp`: epoch seconds. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`. */
  signature: string | undefined;
}

const SIGNATURE_RE = /^v0=([0-9a-f]{64})$/i;

/** Checks a request against the signing secret at `nowMs`; the reason says what to fix. */
export function verifySlackSignature(req: SlackRequest, signingSecret: string, nowMs: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): VerifyResult {
  const timestamp = req.timestamp?.trim();
  const signature = req.signature?.trim();
  if (!timestamp) return { ok: false, reason: 'missing X-Slack-Request-Timestamp header; point the Slack app\'s Interactivity Request URL here, requests come signed' };
  if (!signature) return { ok: false, reason: 'missing X-Slack-Signature header; point the Slack app\'s Interactivity Request URL here, requests come signed' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed X-Slack-Request-Timestamp header; expected epoch seconds' };
  const fresh = checkTimestamp(Number(timestamp) * 1000, nowMs, toleranceSeconds);
  if (!fresh.ok) return { ok: false, reason: `stale request: X-Slack-Request-Timestamp ${fresh.reason.replace(/^signature timestamp /, '').replace(/ or raise timestamp_tolerance_seconds$/, '')}` };
  const m = SIGNATURE_RE.exec(signature);
  if (!m) return { ok: false, reason: 'malformed X-Slack-Signature header; expected v0= followed by 64 hex digits' };
  const payload = Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), req.rawBody]);
  const ok = hmacMatches({ payload, signature: m[1]!, secrets: [signingSecret], encoding: 'hex', algorithm: 'sha256' });
  return ok ? { ok: true } : { ok: false, reason: 'X-Slack-Signature does not match the body; check slack.signing_secret (the app\'s Basic Information → Signing Secret)' };
}

/** Signs a body as Slack does (tests and the fake Slack use it). */
export function signSlackRequest(rawBody: string | Buffer, signingSecret: string, timestampSeconds: number): { timestamp: string; signature: string } {
  const timestamp = String(timestampSeconds);
  const payload = Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8')]);
  return { timestamp, signature: `v0=${createHmac('sha256', signingSecret).update(payload).digest('hex')}` };
}
