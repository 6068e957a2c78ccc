/**
 * An Intercom notification → `TicketEvent`s.
 *
 * - Conversation topics give one event; other topics (ping, contacts, tickets, parts) none.
 * - status: `item.state` (or, when absent, `open` / `snoozed_until`) through the status map;
 *   `conversation.deleted` (a minimal item) gives a closed, deleted snapshot.
 * - priority: `item.priority` (`priority` / `not_priority`) through the priority map.
 * - comment: the newest message part in `conversation_parts` (the parts the notification
 *   is about): `comment` public, `note` internal, `close` with a body public; by a teammate
 *   (agent) or a contact (customer); bots only with `count_bot_replies`.
 * - eventId: the notification id (`notif_…`); occurredAt: the notification's `created_at`.
 * - Notes written by our admin (`admin_id`, `ignore_admin_ids`) are dropped.
 */
import { CANONICAL_PRIORITIES, TICKET_STATUSES, type TicketComment, type TicketEvent, type TicketSnapshot } from '../../src/events.js';
import type { FieldError, NormalizeResult, WebhookDelivery } from '../integration.js';
import { parseFields, ROOT_FIELD } from '../shared/field-errors.js';
import { mapValue } from '../shared/value-map.js';
import { DEFAULT_INTERCOM_APP_URL, type IntercomConfig } from './intercom-config.js';
import { DEFAULT_INTERCOM_PRIORITIES, DEFAULT_INTERCOM_STATUSES, isConversationTopic, partAuthor, partVisibility } from './intercom-mappings.js';
import {
  intercomConversationSchema,
  intercomDeletedItemSchema,
  intercomNotificationSchema,
  type IntercomAuthor,
  type IntercomConversation,
  type IntercomPart,
} from './intercom-payload-schema.js';

export const INTERCOM_SOURCE = 'intercom';

const conversationNotificationSchema = intercomNotificationSchema.extend({ data: intercomNotificationSchema.shape.data.extend({ item: intercomConversationSchema }) });
const deletedNotificationSchema = intercomNotificationSchema.extend({ data: intercomNotificationSchema.shape.data.extend({ item: intercomDeletedItemSchema }) });

export function normalizeIntercom(body: unknown, delivery: WebhookDelivery, config: IntercomConfig): NormalizeResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: ROOT_FIELD, message: 'must be an Intercom notification: { "type": "notification_event", "topic": …, "data": { "item": … } }' }] };
  }
  // The topic first: other topics (the `ping` sent when a webhook is saved has a null id) give no events.
  const envelope = parseFields(intercomNotificationSchema.pick({ topic: true }), body);
  if (!envelope.ok) return envelope;
  const topic = envelope.data.topic;
  if (topic === 'conversation.deleted') return deletedEvent(body, delivery);
  if (!isConversationTopic(topic)) return { ok: true, events: [] };

  const parsed = parseFields(conversationNotificationSchema, body);
  if (!parsed.ok) return parsed;
  const n = parsed.data;
  const item = n.data.item;
  const errors: FieldError[] = [];
  const rawState = item.state ?? (item.open === true ? 'open' : item.open === false ? (item.snoozed_until ? 'snoozed' : 'closed') : null);
  if (rawState === null) errors.push({ field: 'data.item.state', message: 'required: the conversation state (open, snoozed or closed)' });
  const status = rawState === null ? undefined : mapValue(rawState, { defaults: DEFAULT_INTERCOM_STATUSES, overrides: config.statuses, field: 'data.item.state', configKey: 'integrations.intercom.statuses', canonical: TICKET_STATUSES });
  if (status !== undefined && !status.ok) errors.push(status.error);
  const priority = item.priority === null ? undefined : mapValue(item.priority, { defaults: DEFAULT_INTERCOM_PRIORITIES, overrides: config.priorities, field: 'data.item.priority', configKey: 'integrations.intercom.priorities', canonical: CANONICAL_PRIORITIES });
  if (priority !== undefined && !priority.ok) errors.push(priority.error);
  if (errors.length > 0 || status === undefined || !status.ok) return { ok: false, errors };

  const message = messagePart(item, config);
  // Our own notes come back as conversation.admin.noted; only notes are dropped (admin_id is a real teammate).
  if (message !== undefined && !message.comment.public && message.part.author?.type?.toLowerCase() === 'admin' && ownAdminIds(config).has(message.part.author.id ?? '')) {
    return { ok: true, events: [] };
  }
  const event: TicketEvent = {
    source: INTERCOM_SOURCE,
    eventId: n.id,
    occurredAt: n.created_at ?? item.updated_at ?? delivery.receivedAt,
    ticket: snapshotOf(item, status.value, priority?.ok ? priority.value : null, n.app_id, config),
    ...(message ? { comment: message.comment } : {}),
  };
  return { ok: true, events: [event] };
}

/** `conversation.deleted` identifies the conversation only: a closed, deleted snapshot. */
function deletedEvent(body: object, delivery: WebhookDelivery): NormalizeResult {
  const parsed = parseFields(deletedNotificationSchema, body);
  if (!parsed.ok) return parsed;
  const at = parsed.data.created_at ?? delivery.receivedAt;
  const ticket: TicketSnapshot = {
    id: parsed.data.data.item.id, status: 'closed', priority: null, createdAt: at, subject: null, url: null,
    tags: [], group: null, organization: null, assignee: null, requester: null, fields: {},
  };
  return { ok: true, events: [{ source: INTERCOM_SOURCE, eventId: parsed.data.id, occurredAt: at, ticket, deleted: true }] };
}

function snapshotOf(item: IntercomConversation, status: TicketSnapshot['status'], priority: string | null, appId: string | null, config: IntercomConfig): TicketSnapshot {
  const appUrl = config.app_url ?? DEFAULT_INTERCOM_APP_URL;
  const team = item.team_assignee_id;
  return {
    id: item.id,
    status,
    priority,
    createdAt: item.created_at,
    subject: item.title ?? plainText(item.source?.subject ?? null),
    // The inbox link Intercom's own "copy link" gives (form unverified in the docs).
    url: appId === null ? null : `${appUrl}/a/inbox/${encodeURIComponent(appId)}/inbox/conversation/${encodeURIComponent(item.id)}`,
    tags: (item.tags?.tags ?? []).flatMap((t) => (t.name === null ? [] : [t.name])),
    group: team === null ? null : (config.teams?.[team] ?? team),
    organization: null,
    assignee: assigneeOf(item),
    requester: requesterOf(item),
    fields: fieldsOf(item.custom_attributes ?? {}),
  };
}

/** The newest part that carries a message by someone who counts. */
function messagePart(item: IntercomConversation, config: IntercomConfig): { part: IntercomPart; comment: TicketComment } | undefined {
  const parts = [...(item.conversation_parts?.conversation_parts ?? [])].sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0));
  for (const part of parts) {
    const visibility = partVisibility(part.part_type, part.body !== null);
    const author = partAuthor(part.author?.type ?? null, config.count_bot_replies === true);
    if (visibility !== undefined && author !== undefined) return { part, comment: { author, public: visibility === 'public' } };
  }
  return undefined;
}

function ownAdminIds(config: IntercomConfig): Set<string> {
  return new Set([...(config.admin_id === undefined ? [] : [config.admin_id]), ...(config.ignore_admin_ids ?? [])]);
}

function assigneeOf(item: IntercomConversation): string | null {
  const a = item.assignee;
  if (a !== undefined && a !== null && a.type !== 'nobody_admin' && (a.email ?? a.name) !== null) return a.email ?? a.name;
  return item.admin_assignee_id;
}

function requesterOf(item: IntercomConversation): string | null {
  const author = item.source?.author;
  if (author !== undefined && author !== null && partAuthor(author.type, false) === 'customer') return author.email ?? author.name ?? author.id;
  const contacts = Array.isArray(item.contacts) ? item.contacts : (item.contacts?.contacts ?? []);
  const first = contacts[0];
  return first === undefined ? null : (first.email ?? first.external_id ?? first.id);
}

function fieldsOf(attributes: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(attributes)) if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}

/** Subjects of email conversations come as HTML (`<p>Checkout is down</p>`). */
function plainText(html: string | null): string | null {
  if (html === null) return null;
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}
