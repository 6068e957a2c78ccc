/**
 * Freshdesk: automation rules with a "Trigger Webhook" action post our JSON template
 * (README). Freshdesk cannot sign a webhook, so the rule authenticates with a shared secret
 * (basic auth or `X-SLA-Token`, over HTTPS).
 *
 * Verified in Freshdesk material: no webhook subscription API or signature (automation rules
 * only); failed webhooks are retried 5, then 30, then 60 minutes later; the ticket Liquid
 * drop renders `{{ticket.status}}` and `{{ticket.priority}}` as labels ("Open", "High") and
 * `{{ticket.tags}}` as comma-separated text; default statuses 2 Open, 3 Pending, 4 Resolved,
 * 5 Closed and priorities 1 Low … 4 Urgent. Configurable because unverified or per account:
 * custom statuses (6 "Waiting on Customer", 7 "Waiting on Third Party" are common ones),
 * numbers instead of labels, and the date format (see freshdesk-instant.ts).
 */
import type { TicketEvent } from '../../src/events.js';
import type { FieldError, Integration, NormalizeResult, VerifyResult, WebhookDelivery } from '../integration.js';
import { parseFields, ROOT_FIELD } from '../shared/field-errors.js';
import { freshdeskConfigSchema, type FreshdeskConfig } from './freshdesk-config.js';
import { parseFreshdeskInstant } from './freshdesk-instant.js';
import { freshdeskPayloadSchema, type FreshdeskEvent, type FreshdeskPayload } from './freshdesk-payload.js';
import { createFreshdeskReader } from './freshdesk-reader.js';
import { FRESHDESK_SOURCE, freshdeskTicketUrl, mapFreshdeskPriority, mapFreshdeskStatus } from './freshdesk-values.js';
import { createFreshdeskWriter } from './freshdesk-writer.js';
import { verifySharedSecret } from '../shared/shared-secret-auth.js';

/** The comment each event adds: replies are public, notes are internal. */
const COMMENT_OF: Readonly<Record<FreshdeskEvent, TicketEvent['comment']>> = {
  ticket_created: undefined,
  ticket_updated: undefined,
  ticket_deleted: undefined,
  agent_reply: { author: 'agent', public: true },
  customer_reply: { author: 'customer', public: true },
  note_added: { author: 'agent', public: false },
};

export { FRESHDESK_PRIORITY_DEFAULTS, FRESHDESK_SOURCE, FRESHDESK_STATUS_DEFAULTS } from './freshdesk-values.js';

export const freshdeskIntegration: Integration<FreshdeskConfig> = {
  name: FRESHDESK_SOURCE,
  configSchema: freshdeskConfigSchema,
  verify: verifyFreshdesk,
  normalize: normalizeFreshdesk,
  writer: (config) => createFreshdeskWriter(config),
  reader: (config) => createFreshdeskReader(config),
};

/** Basic auth `sla-timer:<secret>` or `X-SLA-Token: <secret>`; the previous secret too during a rotation. */
export function verifyFreshdesk(delivery: WebhookDelivery, config: FreshdeskConfig): VerifyResult {
  return verifySharedSecret(delivery, [config.secret, config.previous_secret]);
}

/** One automation-rule body → one `TicketEvent` (none for an ignored note), or every bad field. */
export function normalizeFreshdesk(body: unknown, _delivery: WebhookDelivery, config: FreshdeskConfig): NormalizeResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: ROOT_FIELD, message: 'must be the JSON object of the automation rule template (see the Freshdesk README)' }] };
  }
  const parsed = parseFields(freshdeskPayloadSchema, body);
  if (!parsed.ok) return parsed;
  const p = parsed.data;
  if (p.event === 'note_added' && config.ignore_notes === true) return { ok: true, events: [] };

  const errors: FieldError[] = [];
  const status = mapFreshdeskStatus(p.status, config);
  const priority = mapFreshdeskPriority(p.priority, config);
  if (!status.ok) errors.push(status.error);
  if (!priority.ok) errors.push(priority.error);
  const createdAt = instant(p.created_at, 'created_at', config, errors);
  const updatedAt = instant(p.updated_at, 'updated_at', config, errors);
  const url = ticketUrl(p, config, errors);
  if (!status.ok || !priority.ok || createdAt === undefined || updatedAt === undefined || url === undefined) return { ok: false, errors };

  const comment = COMMENT_OF[p.event];
  const event: TicketEvent = {
    source: FRESHDESK_SOURCE,
    // Freshdesk sends no delivery id: ticket + event + modification time names one change.
    eventId: `${p.ticket_id}:${p.event}:${new Date(updatedAt).toISOString()}`,
    occurredAt: updatedAt,
    ticket: {
      id: p.ticket_id,
      status: status.value,
      priority: priority.value,
      createdAt,
      subject: p.subject,
      url,
      tags: p.tags,
      group: p.group,
      organization: p.company,
      assignee: p.agent,
      requester: p.requester,
      fields: p.fields,
    },
    ...(comment ? { comment } : {}),
    ...(p.event === 'ticket_deleted' ? { deleted: true } : {}),
  };
  return { ok: true, events: [event] };
}

function instant(text: string, field: string, config: FreshdeskConfig, errors: FieldError[]): number | undefined {
  const r = parseFreshdeskInstant(text, config.timezone);
  if (r.ok) return r.ms;
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  errors.push({
    field,
    message: r.problem === 'needs_zone'
      ? `${shown} has no usable time zone; set integrations.freshdesk.timezone to your Freshdesk account's time zone (IANA name, e.g. Europe/Berlin)`
      : `must be a date such as 2026-11-24T09:00:00Z, "2026-11-24 09:00:00 UTC" or "2026-11-24 09:00:00 +0100"; got ${shown}`,
  });
  return undefined;
}

/** `{{ticket.url}}` when it is an http(s) link; otherwise the agent URL built from the domain. */
function ticketUrl(p: FreshdeskPayload, config: FreshdeskConfig, errors: FieldError[]): string | undefined {
  if (p.url === null) return freshdeskTicketUrl(config, p.ticket_id);
  try {
    const url = new URL(p.url);
    if (url.protocol === 'https:' || url.protocol === 'http:') return p.url;
  } catch {
    // reported below
  }
  errors.push({ field: 'url', message: `must be an http(s) URL such as "{{ticket.url}}" renders; got ${JSON.stringify(p.url.slice(0, 40))}` });
  return undefined;
}
