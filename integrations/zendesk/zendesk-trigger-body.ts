/**
 * Webhooks connected to Zendesk triggers → `TicketEvent`s. The admin writes the JSON body
 * with placeholders (README.md gives the exact templates); placeholders render text, so every
 * value may arrive as a string: `"true"`, `"123"`, `""` for an empty placeholder.
 *
 * Verified (Zendesk placeholders reference): `{{ticket.id}}`, `{{ticket.status}}`,
 * `{{ticket.priority}}`, `{{ticket.title}}` (the subject), `{{ticket.link}}` (full URL of the
 * ticket), `{{ticket.tags}}` (space-separated), `{{ticket.group.name}}`,
 * `{{ticket.organization.name}}`, `{{ticket.assignee.name}}`, `{{ticket.requester.email}}`,
 * `{{current_user.id}}`, `{{ticket.latest_comment.is_public}}`, user properties (`id`,
 * `role`) on `ticket.latest_comment.author`, and `{{ticket.created_at_with_timestamp}}` /
 * `{{ticket.updated_at_with_timestamp}}` as ISO 8601, Zendesk's example being minute
 * precision (`2013-12-12T05:35Z`).
 *
 * Trigger requests carry no event id. The dedupe key is the documented composite
 * `trigger:<ticket id>:<updated_at>:<digest of the body>`: ticket id + updated_at name the
 * update; the digest tells apart two different updates within the same minute (updated_at
 * may have no seconds) while a retried delivery (same body) keeps the same key.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { TicketComment, TicketEvent, TicketStatus } from '../../src/events.js';
import type { FieldError, NormalizeResult } from '../integration.js';
import { gotText, parseFields } from '../shared/field-errors.js';
import { isoInstantSchema } from '../shared/instant-schema.js';
import type { ZendeskConfig } from './zendesk-config.js';
import { ZENDESK_SOURCE } from './zendesk-event-subscription.js';
import { optionalText } from '../shared/optional-text.js';
import { fieldsSchema, linkOrNull, optionalBoolean, optionalIdSchema, tagsSchema, ticketIdSchema } from './zendesk-fields.js';
import { isDeletedStatus, mapAuthorRole, mapPriority, mapStatus, ticketUrl } from './zendesk-values.js';

const triggerSchema = z.object({
  ticket_id: ticketIdSchema(),
  status: z
    .string({ error: (iss) => (iss.input === undefined ? 'required: the ticket status, "{{ticket.status}}"' : `must be a string${gotText(iss.input)}`) })
    .trim()
    .min(1, 'must not be empty; use "{{ticket.status}}"'),
  priority: optionalText(),
  created_at: isoInstantSchema(),
  updated_at: isoInstantSchema(),
  subject: optionalText(),
  url: optionalText(),
  tags: tagsSchema(),
  group: optionalText(),
  organization: optionalText(),
  assignee: optionalText(),
  requester: optionalText(),
  fields: fieldsSchema(),
  updater_id: optionalIdSchema(),
  comment_public: optionalBoolean(),
  comment_author_role: optionalText(),
  comment_author_id: optionalIdSchema(),
});

/** True for a body written with the trigger template (it names the ticket at the top level). */
export function isTriggerPayload(body: Record<string, unknown>): boolean {
  return Object.hasOwn(body, 'ticket_id');
}

/** One trigger delivery → zero or one `TicketEvent`. */
export function normalizeTriggerBody(body: Record<string, unknown>, config: ZendeskConfig): NormalizeResult {
  const parsed = parseFields(triggerSchema, body);
  if (!parsed.ok) return parsed;
  const t = parsed.data;
  const own = config.api_user_id;
  if (own !== undefined && (t.updater_id === own || t.comment_author_id === own)) return { ok: true, events: [] };

  const errors: FieldError[] = [];
  const deleted = isDeletedStatus(t.status);
  let status: TicketStatus = 'open';
  if (!deleted) {
    const mapped = mapStatus(t.status, 'status', config);
    if (mapped.ok) status = mapped.value;
    else errors.push(mapped.error);
  }
  const priority = mapPriority(t.priority, 'priority', config);
  if (!priority.ok) errors.push(priority.error);

  let comment: TicketComment | undefined;
  if (t.comment_public !== undefined) {
    if (t.comment_author_role === null) {
      errors.push({ field: 'comment_author_role', message: 'required with comment_public: "{{ticket.latest_comment.author.role}}"' });
    } else {
      const author = mapAuthorRole(t.comment_author_role, 'comment_author_role', config);
      if (author.ok) comment = { author: author.value, public: t.comment_public };
      else errors.push(author.error);
    }
  }
  if (errors.length > 0 || !priority.ok) return { ok: false, errors };

  const event: TicketEvent = {
    source: ZENDESK_SOURCE,
    eventId: `trigger:${t.ticket_id}:${String(body.updated_at).trim()}:${digest(body)}`,
    occurredAt: t.updated_at,
    ticket: {
      id: t.ticket_id,
      status,
      priority: priority.value,
      createdAt: t.created_at,
      subject: t.subject,
      url: linkOrNull(t.url) ?? ticketUrl(config, t.ticket_id),
      tags: t.tags,
      group: t.group,
      organization: t.organization,
      assignee: t.assignee,
      requester: t.requester,
      fields: t.fields,
    },
    ...(comment ? { comment } : {}),
    ...(deleted ? { deleted: true } : {}),
  };
  return { ok: true, events: [event] };
}

/** 16 hex digits of SHA-256 over the body with its keys sorted: whitespace and key order do not matter. */
function digest(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('hex').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
