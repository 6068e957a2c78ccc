/**
 * Zammad: a trigger ("Action: Webhook") posts its default body to `/webhooks/zammad`,
 * signed with `X-Hub-Signature: sha1=<hex HMAC-SHA1(signature token, raw body)>`
 * (verified in Zammad's `UserAgent.set_signature`). Zammad sends the header only when the
 * webhook has a signature token; we require one.
 */
import type { Integration, VerifyResult, WebhookDelivery } from '../integration.js';
import { hmacMatches } from '../shared/hmac-signature.js';
import { zammadConfigSchema, type ZammadConfig } from './zammad-config.js';
import { normalizeZammad, ZAMMAD_SOURCE } from './zammad-normalize.js';
import { createZammadWriter } from './zammad-writer.js';

const SIGNATURE_HEADER = 'x-hub-signature';
const SIGNATURE_RE = /^sha1=([0-9a-f]{40})$/i;

export const zammadIntegration: Integration<ZammadConfig> = {
  name: ZAMMAD_SOURCE,
  configSchema: zammadConfigSchema,
  verify: verifyZammad,
  normalize: normalizeZammad,
  writer: (config) => createZammadWriter(config),
};

/** Checks `X-Hub-Signature` against the raw body with the token (or the previous one during a rotation). */
export function verifyZammad(delivery: WebhookDelivery, config: ZammadConfig): VerifyResult {
  const header = delivery.headers[SIGNATURE_HEADER]?.trim();
  if (header === undefined || header === '') {
    return { ok: false, reason: 'missing X-Hub-Signature header; set the "HMAC SHA1 Signature Token" of the Zammad webhook to the configured secret' };
  }
  const m = SIGNATURE_RE.exec(header);
  if (!m) return { ok: false, reason: 'malformed X-Hub-Signature header; expected sha1= followed by 40 hex digits' };
  const ok = hmacMatches({ payload: delivery.rawBody, signature: m[1]!, secrets: [config.secret, config.previous_secret], encoding: 'hex', algorithm: 'sha1' });
  return ok ? { ok: true } : { ok: false, reason: 'X-Hub-Signature does not match the body; the webhook\'s signature token must equal integrations.zammad.secret' };
}
