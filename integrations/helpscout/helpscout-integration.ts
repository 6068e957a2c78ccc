/**
 * Help Scout: a webhook (Manage → Apps → Webhooks, or `POST /v2/webhooks`) posts the
 * conversation to `/webhooks/helpscout` with the event name in `X-HelpScout-Event` and
 * `X-HelpScout-Signature: <base64 HMAC-SHA1(secret, raw body)>` (Help Scout developer docs,
 * Webhooks → Verifying). No timestamp is signed.
 */
import type { Integration, VerifyResult, WebhookDelivery } from '../integration.js';
import { hmacMatches } from '../shared/hmac-signature.js';
import { helpscoutConfigSchema, type HelpscoutConfig } from './helpscout-config.js';
import { HELPSCOUT_SOURCE, normalizeHelpscout } from './helpscout-normalize.js';
import { createHelpscoutReader } from './helpscout-reader.js';
import { createHelpscoutWriter } from './helpscout-writer.js';

const SIGNATURE_HEADER = 'x-helpscout-signature';
/** Base64 of a 20-byte SHA-1 digest: 27 characters and one `=`. */
const SIGNATURE_RE = /^[A-Za-z0-9+/]{27}=$/;

export const helpscoutIntegration: Integration<HelpscoutConfig> = {
  name: HELPSCOUT_SOURCE,
  configSchema: helpscoutConfigSchema,
  verify: verifyHelpscout,
  normalize: normalizeHelpscout,
  writer: (config) => createHelpscoutWriter(config),
  reader: (config) => createHelpscoutReader(config),
};

/** Checks `X-HelpScout-Signature` against the raw body with the secret (or the previous one during a rotation). */
export function verifyHelpscout(delivery: WebhookDelivery, config: HelpscoutConfig): VerifyResult {
  const header = delivery.headers[SIGNATURE_HEADER]?.trim();
  if (header === undefined || header === '') {
    return { ok: false, reason: 'missing X-HelpScout-Signature header; set a secret on the Help Scout webhook equal to integrations.helpscout.secret' };
  }
  if (!SIGNATURE_RE.test(header)) return { ok: false, reason: 'malformed X-HelpScout-Signature header; expected the base64 of an HMAC-SHA1 (28 characters)' };
  const ok = hmacMatches({ payload: delivery.rawBody, signature: header, secrets: [config.secret, config.previous_secret], encoding: 'base64', algorithm: 'sha1' });
  return ok ? { ok: true } : { ok: false, reason: 'X-HelpScout-Signature does not match the body; the webhook\'s secret must equal integrations.helpscout.secret' };
}
