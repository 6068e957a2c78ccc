/**
 * Webhooks subscribed to Zendesk ticket events → `TicketEvent`s.
 *
 * Verified (developer.zendesk.com, "Ticket events" and "Webhook event types"): the envelope
 * is `{type: "zen:event-type:ticket.<name>", id, time, account_id, subject: "zen:ticket:<id>",
 * detail, event}`; `detail` holds the ticket after the change (id as a string, status,
 * priority, custom_status, tags, created_at, updated_at, subject, actor_id, assignee_id,
 * group_id, organization_id, requester_id, …); `event` holds the change (`current` and
 * `previous`; `comment.{id, body, is_public, author.{id, is_staff, name}}` for a comment).
 * Values may be UPPER CASE (`OPEN`, `URGENT`). `id` is the event's own id: the dedupe key.
 *
 * Choices, documented in README.md:
 * - Ids stand in for names: `detail` carries group, organization, assignee and requester
 *   ids only, so those snapshot fields hold the ids (match policies on ids).
 * - Every event must say the ticket's status, because the core compares snapshots. Zendesk
 *   sends `detail.status` with every ticket event; when it is absent (and a status change
 *   gives no `event.current`) the payload is refused naming `detail.status` instead of
 *   guessing a status that could roll the ticket back.
 * - Deletions (soft_deleted, permanently_deleted, marked_as_spam, merged, or a status of
 *   deleted/scrubbed) become `deleted: true`. Their status is the status before deletion when
 *   the payload says it (`event.previous`, or a live `detail.status`), else `open`, so that
 *   the clocks are cancelled rather than achieved.
 * - The comment Zendesk adds when a ticket is created (its description: `created_at` equals
 *   `updated_at`) is not a reply; the event keeps the snapshot and drops the comment.
 * - Ticket event types that say nothing about the SLA (attachments, redactions, followers,
 *   Zendesk's own SLA policy changes, …) are acknowledged with no event.
 */
import { z } from 'zod';
import type { TicketComment, TicketEvent, TicketStatus } from '../../src/events.js';
import type { FieldError, NormalizeResult } from '../integration.js';
import { parseFields } from '../shared/field-errors.js';
import { isoInstantSchema } from '../shared/instant-schema.js';
import type { ZendeskConfig } from './zendesk-config.js';
import { optionalText } from '../shared/optional-text.js';
import { optionalIdSchema, requiredBoolean, tagsSchema, ticketIdSchema } from './zendesk-fields.js';
import { isDeletedStatus, mapPriority, mapStatus, mapTicketStatus, ticketUrl } from './zendesk-values.js';

export const ZENDESK_SOURCE = 'zendesk';
export const EVENT_TYPE_PREFIX = 'zen:event-type:';
const TICKET_TYPE_PREFIX = `${EVENT_TYPE_PREFIX}ticket.`;

/** Ticket events that become a snapshot of the ticket. */
export const SNAPSHOT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'created', 'status_changed', 'custom_status_changed', 'comment_added', 'priority_changed', 'agent_assignment_changed',
  'group_assignment_changed', 'organization_changed', 'requester_changed', 'subject_changed', 'tags_changed',
  'custom_field_changed', 'type_changed', 'form_changed', 'brand_changed', 'undeleted',
]);

/** Ticket events that mean the ticket is gone. */
export const DELETION_EVENT_TYPES: ReadonlySet<string> = new Set(['soft_deleted', 'permanently_deleted', 'marked_as_spam', 'merged']);

const instant = () => isoInstantSchema().nullable().optional();

const detailSchema = z.object({
  id: ticketIdSchema().optional(),
  status: optionalText(),
  priority: optionalText(),
  custom_status: optionalIdSchema(),
  created_at: instant(),
  updated_at: instant(),
  subject: optionalText(),
  tags: tagsSchema(),
  actor_id: optionalIdSchema(),
  assignee_id: optionalIdSchema(),
  group_id: optionalIdSchema(),
  organization_id: optionalIdSchema(),
  requester_id: optionalIdSchema(),
});

const commentSchema = z.object({
  is_public: requiredBoolean(),
  author: z.object({ id: optionalIdSchema(), is_staff: requiredBoolean() }),
});

const eventSchema = z.object({
  type: z.string(),
  id: z.string().trim().min(1).max(200),
  time: isoInstantSchema(),
  subject: z.string().nullable().optional(),
  // Deletion events may carry little of the ticket; what is needed is checked below.
  detail: z.preprocess((v) => v ?? {}, detailSchema),
  event: z
    .object({ current: z.unknown().optional(), previous: z.unknown().optional(), comment: commentSchema.optional() })
    .nullable()
    .optional()
    .transform((v) => v ?? {}),
});

type ParsedEvent = z.output<typeof eventSchema>;

/** True for any Zendesk event-subscription envelope (ticket or not). */
export function isEventSubscriptionPayload(body: Record<string, unknown>): boolean {
  return typeof body.type === 'string' && body.type.startsWith(EVENT_TYPE_PREFIX);
}

/** One event-subscription delivery → zero or one `TicketEvent`. */
export function normalizeEventSubscription(body: Record<string, unknown>, config: ZendeskConfig): NormalizeResult {
  const type = String(body.type);
  const kind = type.startsWith(TICKET_TYPE_PREFIX) ? type.slice(TICKET_TYPE_PREFIX.length) : '';
  const deletion = DELETION_EVENT_TYPES.has(kind);
  if (!deletion && !SNAPSHOT_EVENT_TYPES.has(kind)) return { ok: true, events: [] };

  const parsed = parseFields(eventSchema, body);
  if (!parsed.ok) return parsed;
  const e = parsed.data;
  if (isOwnEvent(e, config)) return { ok: true, events: [] };

  const errors: FieldError[] = [];
  const ticketId = e.detail.id ?? ticketIdFromSubject(e.subject);
  if (ticketId === undefined) errors.push({ field: 'detail.id', message: 'required: the ticket id (digits), or subject "zen:ticket:<id>"' });

  const state = resolveStatus(e, kind, deletion, config);
  if ('field' in state) errors.push(state);
  const priority = mapPriority(e.detail.priority, 'detail.priority', config);
  if (!priority.ok) errors.push(priority.error);
  const createdAt = e.detail.created_at ?? (deletion ? e.time : undefined);
  if (createdAt === undefined) errors.push({ field: 'detail.created_at', message: 'required: when the ticket was created (ISO 8601)' });

  let comment: TicketComment | undefined;
  if (kind === 'comment_added') {
    const c = e.event.comment;
    if (c === undefined) errors.push({ field: 'event.comment', message: 'required: the comment added (is_public, author.is_staff)' });
    else if (!isDescription(e)) comment = { author: c.author.is_staff ? 'agent' : 'customer', public: c.is_public };
  }

  if (errors.length > 0 || ticketId === undefined || 'field' in state || !priority.ok || createdAt === undefined) return { ok: false, errors };
  const event: TicketEvent = {
    source: ZENDESK_SOURCE,
    eventId: e.id,
    occurredAt: e.time,
    ticket: {
      id: ticketId,
      status: state.status,
      priority: priority.value,
      createdAt,
      subject: e.detail.subject,
      url: ticketUrl(config, ticketId),
      tags: e.detail.tags,
      group: e.detail.group_id,
      organization: e.detail.organization_id,
      assignee: e.detail.assignee_id,
      requester: e.detail.requester_id,
      fields: {},
    },
    ...(comment ? { comment } : {}),
    ...(state.deleted ? { deleted: true } : {}),
  };
  return { ok: true, events: [event] };
}

/** Caused by our own API user (our notes, our due-field writes): not ticket activity. */
function isOwnEvent(e: ParsedEvent, config: ZendeskConfig): boolean {
  const own = config.api_user_id;
  return own !== undefined && (e.detail.actor_id === own || e.event.comment?.author.id === own);
}

function ticketIdFromSubject(subject: string | null | undefined): string | undefined {
  return /^zen:ticket:(\d{1,20})$/.exec(subject?.trim() ?? '')?.[1];
}

/** The comment of the creating action: the ticket's description, not a reply. */
function isDescription(e: ParsedEvent): boolean {
  const { created_at: created, updated_at: updated } = e.detail;
  return created !== null && created !== undefined && created === updated;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

type StatusState = { status: TicketStatus; deleted: boolean };

function resolveStatus(e: ParsedEvent, kind: string, deletion: boolean, config: ZendeskConfig): StatusState | FieldError {
  const fromDetail = e.detail.status;
  const current = fromDetail ?? (kind === 'status_changed' ? textOf(e.event.current) : null);
  if (deletion || (current !== null && isDeletedStatus(current))) return { status: statusBeforeDeletion(e, kind, config), deleted: true };
  if (current === null) {
    return { field: 'detail.status', message: 'required: the ticket status (Zendesk sends it with every ticket event); the event cannot be applied without it' };
  }
  const mapped = mapTicketStatus(current, e.detail.custom_status, fromDetail !== null ? 'detail.status' : 'event.current', config);
  return mapped.ok ? { status: mapped.value, deleted: false } : mapped.error;
}

/**
 * The status to send with a deletion: the one before it when the payload says so, else a
 * live status. A done status would make the core count the deletion as the resolution.
 */
function statusBeforeDeletion(e: ParsedEvent, kind: string, config: ZendeskConfig): TicketStatus {
  const previous = kind === 'status_changed' ? textOf(e.event.previous) : null;
  if (previous !== null && !isDeletedStatus(previous)) {
    const m = mapStatus(previous, 'event.previous', config);
    if (m.ok) return m.value;
  }
  const current = e.detail.status;
  if (current !== null && !isDeletedStatus(current)) {
    const m = mapStatus(current, 'detail.status', config);
    if (m.ok && m.value !== 'solved' && m.value !== 'closed') return m.value;
  }
  return 'open';
}
