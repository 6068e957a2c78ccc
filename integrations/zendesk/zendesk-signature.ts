/**
 * Zendesk webhook signatures, as Zendesk documents them (verified: developer.zendesk.com,
 * "Verifying webhook authenticity"): `X-Zendesk-Webhook-Signature` is
 * base64(HMAC-SHA256(signing secret, TIMESTAMP + BODY)), the timestamp being the raw text of
 * `X-Zendesk-Webhook-Signature-Timestamp` concatenated with the body bytes, no separator. The
 * secret is used as the key exactly as shown in Admin Center (not base64-decoded).
 *
 * The timestamp is ISO 8601 (`2026-11-24T09:10:00Z`, as seen in delivered requests; Zendesk's
 * page does not state the format), so epoch seconds or milliseconds are accepted as well.
 * A timestamp further from our clock than `timestamp_tolerance_seconds` (default 300) is a
 * replay and refused, and so is a delivery signed with none of the configured secrets.
 */
import type { VerifyResult, WebhookDelivery } from '../integration.js';
import { hmacMatches } from '../shared/hmac-signature.js';
import { instantFromEpoch, parseIsoInstant } from '../shared/instant.js';
import { checkTimestamp } from '../shared/timestamp-window.js';
import type { ZendeskConfig } from './zendesk-config.js';

export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

/** Checks the signature over timestamp + raw body, then the timestamp's age. */
export function verifyZendesk(delivery: WebhookDelivery, config: ZendeskConfig): VerifyResult {
  const signature = delivery.headers[SIGNATURE_HEADER]?.trim();
  const timestamp = delivery.headers[TIMESTAMP_HEADER];
  if (signature === undefined || signature === '') {
    return { ok: false, reason: 'missing X-Zendesk-Webhook-Signature header; deliveries must come from a Zendesk webhook (every Zendesk webhook signs its requests)' };
  }
  if (timestamp === undefined || timestamp.trim() === '') {
    return { ok: false, reason: 'missing X-Zendesk-Webhook-Signature-Timestamp header; Zendesk signs the timestamp together with the body' };
  }
  const payload = Buffer.concat([Buffer.from(timestamp, 'utf8'), delivery.rawBody]);
  const secrets = [config.secret, config.previous_secret, ...(config.additional_secrets ?? [])];
  if (!hmacMatches({ payload, signature, secrets, encoding: 'base64' })) {
    return {
      ok: false,
      reason: 'X-Zendesk-Webhook-Signature does not match; set integrations.zendesk.secret to the signing secret of this webhook (Admin Center → Webhooks → Reveal secret)',
    };
  }
  return checkTimestamp(parseSignatureTimestamp(timestamp), delivery.receivedAt, config.timestamp_tolerance_seconds);
}

/** ISO 8601 with a zone, or epoch seconds / milliseconds; undefined when unreadable. */
export function parseSignatureTimestamp(text: string): number | undefined {
  const t = text.trim();
  if (/^\d{1,11}$/.test(t)) return instantFromEpoch(Number(t), 's');
  if (/^\d{12,16}$/.test(t)) return instantFromEpoch(Number(t), 'ms');
  return parseIsoInstant(t);
}
