/**
 * Zendesk: one route, `POST /webhooks/zendesk`, for both kinds of Zendesk webhook. A body
 * whose `type` starts with `zen:event-type:` is an event subscription; a body with
 * `ticket_id` at the top level is the trigger template of README.md. Both are signed the same
 * way (see zendesk-signature.ts).
 */
import type { Integration, NormalizeResult } from '../integration.js';
import { ROOT_FIELD } from '../shared/field-errors.js';
import { zendeskConfigSchema, type ZendeskConfig } from './zendesk-config.js';
import { isEventSubscriptionPayload, normalizeEventSubscription, ZENDESK_SOURCE } from './zendesk-event-subscription.js';
import { verifyZendesk } from './zendesk-signature.js';
import { isTriggerPayload, normalizeTriggerBody } from './zendesk-trigger-body.js';
import { createZendeskReader } from './zendesk-reader.js';
import { createZendeskWriter } from './zendesk-writer.js';

export { zendeskConfigSchema, type ZendeskConfig } from './zendesk-config.js';
export { verifyZendesk } from './zendesk-signature.js';
export { createZendeskWriter, type ZendeskWriterOptions } from './zendesk-writer.js';
export { createZendeskReader, zendeskTicketEvent, type ZendeskReaderOptions } from './zendesk-reader.js';
export { ZENDESK_SOURCE } from './zendesk-event-subscription.js';

const SHAPE_HELP =
  'must be a Zendesk event-subscription payload ({"type":"zen:event-type:ticket.…","id","time","detail","event"}) or the trigger body of integrations/zendesk/README.md ({"ticket_id":"{{ticket.id}}",…})';

/** Detects the webhook kind by the body's shape and normalizes it. */
export function normalizeZendesk(body: unknown, config: ZendeskConfig): NormalizeResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: [{ field: ROOT_FIELD, message: SHAPE_HELP }] };
  const record = body as Record<string, unknown>;
  if (isEventSubscriptionPayload(record)) return normalizeEventSubscription(record, config);
  if (isTriggerPayload(record)) return normalizeTriggerBody(record, config);
  return { ok: false, errors: [{ field: ROOT_FIELD, message: SHAPE_HELP }] };
}

export const zendeskIntegration: Integration<ZendeskConfig> = {
  name: ZENDESK_SOURCE,
  configSchema: zendeskConfigSchema,
  verify: verifyZendesk,
  normalize: (body, _delivery, config) => normalizeZendesk(body, config),
  writer: (config) => createZendeskWriter(config),
  reader: (config) => createZendeskReader(config),
};
