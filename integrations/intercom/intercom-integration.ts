/**
 * Intercom: a webhook subscription of your app (Developer Hub → Webhooks) posts
 * notifications to `/webhooks/intercom`, signed with
 * `X-Hub-Signature: sha1=<hex HMAC-SHA1(app client secret, raw body)>` (Intercom docs:
 * Signed Notifications). No timestamp is signed.
 */
import type { Integration, VerifyResult, WebhookDelivery } from '../integration.js';
import { verifyHmacHeader } from '../shared/hmac-header.js';
import { intercomConfigSchema, type IntercomConfig } from './intercom-config.js';
import { INTERCOM_SOURCE, normalizeIntercom } from './intercom-normalize.js';
import { createIntercomReader } from './intercom-reader.js';
import { createIntercomWriter } from './intercom-writer.js';

export const intercomIntegration: Integration<IntercomConfig> = {
  name: INTERCOM_SOURCE,
  configSchema: intercomConfigSchema,
  verify: verifyIntercom,
  normalize: normalizeIntercom,
  writer: (config) => createIntercomWriter(config),
  reader: (config) => createIntercomReader(config),
};

/** Checks `X-Hub-Signature` against the raw body with the client secret (or the previous one during a rotation). */
export function verifyIntercom(delivery: WebhookDelivery, config: IntercomConfig): VerifyResult {
  return verifyHmacHeader(delivery, {
    header: 'x-hub-signature',
    algorithm: 'sha1',
    whenMissing: "Intercom signs every notification with the app's client secret",
    whenWrong: 'integrations.intercom.secret must be the client secret of the app that owns the webhook',
  }, [config.secret, config.previous_secret]);
}
