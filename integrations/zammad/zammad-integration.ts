/**
 * Zammad: a trigger ("Action: Webhook") posts its default body to `/webhooks/zammad`,
 * signed with `X-Hub-Signature: sha1=<hex HMAC-SHA1(signature token, raw body)>`
 * (verified in Zammad's `UserAgent.set_signature`). Zammad sends the header only when the
 * webhook has a signature token; we require one.
 */
import type { Integration, VerifyResult, WebhookDelivery } from '../integration.js';
import { verifyHmacHeader } from '../shared/hmac-header.js';
import { zammadConfigSchema, type ZammadConfig } from './zammad-config.js';
import { normalizeZammad, ZAMMAD_SOURCE } from './zammad-normalize.js';
import { createZammadReader } from './zammad-reader.js';
import { createZammadWriter } from './zammad-writer.js';

export const zammadIntegration: Integration<ZammadConfig> = {
  name: ZAMMAD_SOURCE,
  configSchema: zammadConfigSchema,
  verify: verifyZammad,
  normalize: normalizeZammad,
  writer: (config) => createZammadWriter(config),
  reader: (config) => createZammadReader(config),
};

/** Checks `X-Hub-Signature` against the raw body with the token (or the previous one during a rotation). */
export function verifyZammad(delivery: WebhookDelivery, config: ZammadConfig): VerifyResult {
  return verifyHmacHeader(delivery, {
    header: 'x-hub-signature',
    algorithm: 'sha1',
    whenMissing: 'set the "HMAC SHA1 Signature Token" of the Zammad webhook to the configured secret',
    whenWrong: "the webhook's signature token must equal integrations.zammad.secret",
  }, [config.secret, config.previous_secret]);
}
