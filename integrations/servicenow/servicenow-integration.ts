/**
 * ServiceNow: no native webhook; an after insert/update/delete business rule on `incident`
 * posts our JSON with RESTMessageV2 (README has the script), authenticated with a shared
 * secret (basic auth profile or `X-SLA-Token`, over HTTPS).
 *
 * Ticket id: the incident's `sys_id`. The Table API writes back by sys_id only
 * (`PATCH /api/now/table/incident/{sys_id}`) and a TicketWriter receives nothing but the
 * ticket id, so the sys_id is what makes write-back work without a lookup; the number
 * (INC0010001) leads the subject (`INC0010001: Email is down`) and is in `fields.number`.
 *
 * Verified in ServiceNow documentation: states 1 New, 2 In Progress, 3 On Hold, 6 Resolved,
 * 7 Closed, 8 Canceled; on-hold reasons Awaiting Caller/Change/Problem/Vendor (values 1, 5,
 * 3, 4 per the servicenow.itsm collection); priorities 1 Critical … 5 Planning;
 * `GlideDateTime.getValue()` is `yyyy-MM-dd HH:mm:ss` in UTC; a caller's update of an On
 * Hold incident clears the reason and sets In Progress. Configurable: every mapping
 * (custom states and choices differ per instance) and whether Canceled cancels the clocks.
 */
import { CANONICAL_PRIORITIES, TICKET_STATUSES, type CanonicalPriority, type TicketEvent, type TicketStatus } from '../../src/events.js';
import type { FieldError, Integration, NormalizeResult, VerifyResult, WebhookDelivery } from '../integration.js';
import { verifySharedSecret } from '../shared/shared-secret-auth.js';
import { parseFields, ROOT_FIELD } from '../shared/field-errors.js';
import { parseIsoInstant } from '../shared/instant.js';
import { mapValue } from '../shared/value-map.js';
import { servicenowConfigSchema, type ServicenowConfig } from './servicenow-config.js';
import { servicenowPayloadSchema, type ServicenowPayload } from './servicenow-payload.js';
import { createServicenowReader } from './servicenow-reader.js';
import { createServicenowWriter } from './servicenow-writer.js';

export const SERVICENOW_SOURCE = 'servicenow';

/** incident.state values and labels → canonical; On Hold is refined by the hold reason. */
export const SERVICENOW_STATUS_DEFAULTS: Readonly<Record<string, TicketStatus>> = {
  '1': 'open', New: 'open',
  '2': 'open', 'In Progress': 'open',
  '3': 'on_hold', 'On Hold': 'on_hold',
  '6': 'solved', Resolved: 'solved',
  '7': 'closed', Closed: 'closed',
  '8': 'closed', Canceled: 'closed', Cancelled: 'closed',
};

/** incident.hold_reason values and labels → canonical, for On Hold incidents. */
export const SERVICENOW_HOLD_REASON_DEFAULTS: Readonly<Record<string, TicketStatus>> = {
  '1': 'pending', 'Awaiting Caller': 'pending',
  '3': 'on_hold', 'Awaiting Problem': 'on_hold',
  '4': 'on_hold', 'Awaiting Vendor': 'on_hold',
  '5': 'on_hold', 'Awaiting Change': 'on_hold',
};

/** incident.priority values and labels → canonical (5 Planning counts as low). */
export const SERVICENOW_PRIORITY_DEFAULTS: Readonly<Record<string, CanonicalPriority>> = {
  '1': 'urgent', '1 - Critical': 'urgent', Critical: 'urgent',
  '2': 'high', '2 - High': 'high', High: 'high',
  '3': 'normal', '3 - Moderate': 'normal', Moderate: 'normal',
  '4': 'low', '4 - Low': 'low', Low: 'low',
  '5': 'low', '5 - Planning': 'low', Planning: 'low',
};

const CANCELED_STATES = new Set(['8', 'canceled', 'cancelled']);

export const servicenowIntegration: Integration<ServicenowConfig> = {
  name: SERVICENOW_SOURCE,
  configSchema: servicenowConfigSchema,
  verify: verifyServicenow,
  normalize: normalizeServicenow,
  writer: (config) => createServicenowWriter(config),
  reader: (config) => createServicenowReader(config),
};

/** Basic auth `sla-timer:<secret>` or `X-SLA-Token: <secret>`; the previous secret too during a rotation. */
export function verifyServicenow(delivery: WebhookDelivery, config: ServicenowConfig): VerifyResult {
  return verifySharedSecret(delivery, [config.secret, config.previous_secret]);
}

/** One business-rule body → one `TicketEvent` (none for our own updates), or every bad field. */
export function normalizeServicenow(body: unknown, _delivery: WebhookDelivery, config: ServicenowConfig): NormalizeResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: ROOT_FIELD, message: 'must be the JSON object the business rule builds (see the ServiceNow README)' }] };
  }
  const parsed = parseFields(servicenowPayloadSchema, body);
  if (!parsed.ok) return parsed;
  const p = parsed.data;
  if (isOwnUpdate(p, config)) return { ok: true, events: [] };

  const errors: FieldError[] = [];
  const status = statusOf(p, config, errors);
  const priority = mapValue(p.priority, {
    defaults: SERVICENOW_PRIORITY_DEFAULTS, overrides: config.priorities, field: 'priority', configKey: 'integrations.servicenow.priorities', canonical: CANONICAL_PRIORITIES,
  });
  if (!priority.ok) errors.push(priority.error);
  const openedAt = glideInstant(p.opened_at, 'opened_at', errors);
  const updatedAt = glideInstant(p.sys_updated_on, 'sys_updated_on', errors);
  if (status === undefined || !priority.ok || openedAt === undefined || updatedAt === undefined) return { ok: false, errors };

  const canceled = CANCELED_STATES.has(p.state.toLowerCase()) && config.canceled_is_deleted !== false;
  const event: TicketEvent = {
    source: SERVICENOW_SOURCE,
    // sys_mod_count grows with every update; a delete keeps the last count, hence the suffix.
    eventId: `${p.sys_id}:${p.sys_mod_count}${p.event === 'deleted' ? ':deleted' : ''}`,
    occurredAt: updatedAt,
    ticket: {
      id: p.sys_id,
      status,
      priority: priority.value,
      createdAt: openedAt,
      subject: p.short_description === null ? p.number : `${p.number}: ${p.short_description}`,
      url: `${config.instance}/incident.do?sys_id=${p.sys_id}`,
      tags: [],
      group: p.assignment_group,
      organization: p.company,
      assignee: p.assigned_to,
      requester: p.caller_id,
      fields: { number: p.number, impact: p.impact, urgency: p.urgency },
    },
    ...(p.comment
      ? { comment: { author: p.comment.author_is_caller || !p.comment.author_is_agent ? 'customer' : 'agent', public: p.comment.type === 'comments' } as const }
      : {}),
    ...(p.event === 'deleted' || canceled ? { deleted: true } : {}),
  };
  return { ok: true, events: [event] };
}

/** The state's canonical status; an On Hold state is refined by its hold reason. */
function statusOf(p: ServicenowPayload, config: ServicenowConfig, errors: FieldError[]): TicketStatus | undefined {
  const state = mapValue(p.state, {
    defaults: SERVICENOW_STATUS_DEFAULTS, overrides: config.statuses, field: 'state', configKey: 'integrations.servicenow.statuses', canonical: TICKET_STATUSES,
  });
  if (!state.ok) {
    errors.push(state.error);
    return undefined;
  }
  if (state.value !== 'on_hold' || p.hold_reason === null) return state.value;
  const reason = mapValue(p.hold_reason, {
    defaults: SERVICENOW_HOLD_REASON_DEFAULTS, overrides: config.hold_reasons, field: 'hold_reason', configKey: 'integrations.servicenow.hold_reasons', canonical: TICKET_STATUSES,
  });
  if (!reason.ok) {
    errors.push(reason.error);
    return undefined;
  }
  return reason.value;
}

/** Updates by our write-back user (or the configured users) come back through the rule: drop them. */
function isOwnUpdate(p: ServicenowPayload, config: ServicenowConfig): boolean {
  const ignored = (config.ignore_updated_by ?? (config.username === undefined ? [] : [config.username])).map((u) => u.toLowerCase());
  if (ignored.length === 0) return false;
  return [p.sys_updated_by, p.comment?.author ?? null].some((user) => user !== null && ignored.includes(user.toLowerCase()));
}

const GLIDE_RE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** `yyyy-MM-dd HH:mm:ss` (GlideDateTime.getValue, UTC) or ISO 8601 with a zone → epoch ms. */
export function parseGlideInstant(text: string): number | undefined {
  const m = GLIDE_RE.exec(text.trim());
  return parseIsoInstant(m ? `${m[1]}T${m[2]}Z` : text);
}

function glideInstant(text: string, field: string, errors: FieldError[]): number | undefined {
  const ms = parseGlideInstant(text);
  if (ms === undefined) {
    errors.push({ field, message: `must be a UTC date-time as GlideDateTime.getValue() gives it (2026-11-24 09:00:00) or ISO 8601 with a zone; got ${JSON.stringify(text.slice(0, 40))}` });
  }
  return ms;
}
