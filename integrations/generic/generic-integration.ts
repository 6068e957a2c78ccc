/**
 * The generic source: any tool that can post JSON. Deliveries are signed with
 * `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>` and carry one event or an array.
 */
import { z } from 'zod';
import type { Integration, NormalizeResult, VerifyResult, WebhookDelivery } from '../integration.js';
import { parseFields, ROOT_FIELD } from '../shared/field-errors.js';
import { verifyHmacHeader } from '../shared/hmac-header.js';
import { genericConfigSchema, type GenericConfig } from './generic-config.js';
import { GENERIC_SOURCE, genericEventSchema } from './generic-event-schema.js';

/** Most events one delivery may carry: a bound on the work one request can cause. */
export const MAX_EVENTS_PER_DELIVERY = 500;

const batchSchema = z.array(genericEventSchema);

export const genericIntegration: Integration<GenericConfig> = {
  name: GENERIC_SOURCE,
  configSchema: genericConfigSchema,
  verify: verifyGeneric,
  normalize: normalizeGeneric,
};

/** Checks `X-Signature` against the raw body with the secret (or the previous one during a rotation). */
export function verifyGeneric(delivery: WebhookDelivery, config: GenericConfig): VerifyResult {
  return verifyHmacHeader(delivery, {
    header: 'x-signature',
    algorithm: 'sha256',
    whenMissing: 'send X-Signature: sha256=<hex HMAC-SHA256 of the raw body>',
    whenWrong: 'sign the exact bytes sent with the configured secret',
  }, [config.secret, config.previous_secret]);
}

/** One event object or an array of 1..500 → `TicketEvent[]`, or every bad field with its path. */
export function normalizeGeneric(body: unknown): NormalizeResult {
  if (Array.isArray(body)) {
    // Checked before the items: there is no point validating 10,000 events only to refuse them.
    if (body.length === 0 || body.length > MAX_EVENTS_PER_DELIVERY) {
      return { ok: false, errors: [{ field: ROOT_FIELD, message: `must hold 1 to ${MAX_EVENTS_PER_DELIVERY} events; got ${body.length}` }] };
    }
    const parsed = parseFields(batchSchema, body);
    return parsed.ok ? { ok: true, events: parsed.data } : parsed;
  }
  if (typeof body !== 'object' || body === null) {
    return { ok: false, errors: [{ field: ROOT_FIELD, message: `must be an event object or an array of 1 to ${MAX_EVENTS_PER_DELIVERY} events` }] };
  }
  const parsed = parseFields(genericEventSchema, body);
  return parsed.ok ? { ok: true, events: [parsed.data] } : parsed;
}
