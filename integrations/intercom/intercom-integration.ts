/**
 * Intercom: a webhook subscription of your app (Developer Hub → Webhooks) posts
 * notifications to `/webhooks/intercom`, signed with
 * `X-Hub-Signature: sha1=<hex HMAC-SHA1(app client secret, raw body)>` (Intercom docs:
 * Signed Notifications). No timestamp is signed.
 */
import type { Integration, VerifyResult, WebhookDelivery } from '../integration.js';
import { hmacMatches } from '../shared/hmac-signature.js';
import { intercomConfigSchema, type IntercomConfig } from './intercom-config.js';
import { INTERCOM_SOURCE, normalizeIntercom } from './intercom-normalize.js';
import { createIntercomWriter } from './intercom-writer.js';

const SIGNATURE_HEADER = 'x-hub-signature';
const SIGNATURE_RE = /^sha1=([0-9a-f]{40})$/i;

export const intercomIntegration: Integration<IntercomConfig> = {
  name: INTERCOM_SOURCE,
  configSchema: intercomConfigSchema,
  verify: verifyIntercom,
  normalize: normalizeIntercom,
  writer: (config) => createIntercomWriter(config),
};

/** Checks `X-Hub-Signature` against the raw body with the client secret (or the previous one during a rotation). */
export function verifyIntercom(delivery: WebhookDelivery, config: IntercomConfig): VerifyResult {
  const header = delivery.headers[SIGNATURE_HEADER]?.trim();
  if (header === undefined || header === '') {
    return { ok: false, reason: 'missing X-Hub-Signature header; Intercom signs every notification with the app\'s client secret' };
  }
  const m = SIGNATURE_RE.exec(header);
  if (!m) return { ok: false, reason: 'malformed X-Hub-Signature header; expected sha1= followed by 40 hex digits' };
  const ok = hmacMatches({ payload: delivery.rawBody, signature: m[1]!, secrets: [config.secret, config.previous_secret], encoding: 'hex', algorithm: 'sha1' });
  return ok ? { ok: true } : { ok: false, reason: 'X-Hub-Signature does not match the body; integrations.intercom.secret must be the client secret of the app that owns the webhook' };
}
