/**
 * A Help Scout webhook (event name in `X-HelpScout-Event`) → `TicketEvent`s.
 *
 * - Conversation events give one event; other events (customers, ratings, tags, Beacon)
 *   carry no ticket and give none.
 * - status: `status` through the status map; `deleted_statuses` (default spam) and
 *   `state: deleted` (trash) set `deleted: true`; `convo.deleted` (body `{ id }`) gives a
 *   closed, deleted snapshot.
 * - comment: by event — customer reply (public), agent reply (public), note (internal).
 * - priority: `priority_field` custom field, else `priority_tags`, else null.
 * - Help Scout sends no delivery id and no event time: the reply's thread (when the body
 *   embeds threads) gives `<event>:<conversation>:<thread id>` and its `createdAt`; else
 *   the key is `<event>:<conversation>:<instant>` with the instant the latest activity the
 *   conversation shows (`userUpdatedAt`, `customerWaitingSince.time`, `closedAt`, …).
 */
import { CANONICAL_PRIORITIES, TICKET_STATUSES, type CanonicalPriority, type TicketEvent, type TicketSnapshot } from '../../src/events.js';
import type { FieldError, NormalizeResult, WebhookDelivery } from '../integration.js';
import { parseFields, ROOT_FIELD } from '../shared/field-errors.js';
import { mapValue } from '../shared/value-map.js';
import { DEFAULT_HELPSCOUT_APP_URL, type HelpscoutConfig } from './helpscout-config.js';
import { DEFAULT_HELPSCOUT_DELETED_STATUSES, DEFAULT_HELPSCOUT_PRIORITIES, DEFAULT_HELPSCOUT_STATUSES, HELPSCOUT_CONVERSATION_EVENTS, type EventKind } from './helpscout-mappings.js';
import { helpscoutConversationSchema, helpscoutDeletedSchema, type HelpscoutConversation, type HelpscoutPerson, type HelpscoutThread } from './helpscout-payload-schema.js';

export const HELPSCOUT_SOURCE = 'helpscout';

const EVENT_HEADER = 'x-helpscout-event';
const EVENT_RE = /^[a-z][a-z0-9.-]{0,63}$/;

export function normalizeHelpscout(body: unknown, delivery: WebhookDelivery, config: HelpscoutConfig): NormalizeResult {
  const name = delivery.headers[EVENT_HEADER]?.trim().toLowerCase();
  if (name === undefined || !EVENT_RE.test(name)) {
    return { ok: false, errors: [{ field: 'X-HelpScout-Event', message: 'required: the header naming the Help Scout event, e.g. convo.created' }] };
  }
  const kind = HELPSCOUT_CONVERSATION_EVENTS[name];
  if (kind === undefined) return { ok: true, events: [] };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: ROOT_FIELD, message: 'must be the JSON object Help Scout sends: the conversation, or { "id": … } for convo.deleted' }] };
  }
  if (kind.deleted) return deletedEvent(body, delivery);

  const parsed = parseFields(helpscoutConversationSchema, body);
  if (!parsed.ok) return parsed;
  const conv = parsed.data;
  const errors: FieldError[] = [];
  const status = mapValue(conv.status, {
    defaults: DEFAULT_HELPSCOUT_STATUSES,
    overrides: config.statuses,
    field: 'status',
    configKey: 'integrations.helpscout.statuses',
    canonical: TICKET_STATUSES,
  });
  if (!status.ok) errors.push(status.error);
  const priority = priorityOf(conv, config, errors);
  if (!status.ok || priority === undefined) return { ok: false, errors };

  const thread = threadOf(conv, kind);
  // Our own notes come back as convo.note.created; only notes are dropped (the app's user may also answer customers).
  const authorId = thread?.createdBy?.id;
  if (kind.comment?.public === false && authorId !== undefined && authorId !== null && (config.ignore_user_ids ?? []).includes(authorId)) return { ok: true, events: [] };

  const occurredAt = thread?.createdAt ?? latestActivity(conv);
  const deletedStatuses = (config.deleted_statuses ?? DEFAULT_HELPSCOUT_DELETED_STATUSES).map((s) => s.toLowerCase());
  const deleted = deletedStatuses.includes(conv.status.trim().toLowerCase()) || conv.state?.toLowerCase() === 'deleted';
  const event: TicketEvent = {
    source: HELPSCOUT_SOURCE,
    eventId: `${name}:${conv.id}:${thread === undefined ? new Date(occurredAt).toISOString() : thread.id}`,
    occurredAt,
    ticket: snapshotOf(conv, status.value, priority.value, config),
    ...(kind.comment ? { comment: kind.comment } : {}),
    ...(deleted ? { deleted: true } : {}),
  };
  return { ok: true, events: [event] };
}

/** `convo.deleted` carries only the id: a closed, deleted snapshot at receipt (Help Scout sends no event time). */
function deletedEvent(body: object, delivery: WebhookDelivery): NormalizeResult {
  const parsed = parseFields(helpscoutDeletedSchema, body);
  if (!parsed.ok) return parsed;
  const ticket: TicketSnapshot = {
    id: parsed.data.id, status: 'closed', priority: null, createdAt: delivery.receivedAt, subject: null, url: null,
    tags: [], group: null, organization: null, assignee: null, requester: null, fields: {},
  };
  return { ok: true, events: [{ source: HELPSCOUT_SOURCE, eventId: `convo.deleted:${parsed.data.id}`, occurredAt: delivery.receivedAt, ticket, deleted: true }] };
}

function snapshotOf(conv: HelpscoutConversation, status: TicketSnapshot['status'], priority: CanonicalPriority | null, config: HelpscoutConfig): TicketSnapshot {
  const web = conv._links?.web?.href ?? null;
  const appUrl = config.app_url ?? DEFAULT_HELPSCOUT_APP_URL;
  const mailbox = conv.mailboxId === undefined || conv.mailboxId === null ? null : String(conv.mailboxId);
  return {
    id: conv.id,
    status,
    priority,
    createdAt: conv.createdAt,
    subject: conv.subject,
    // The documented link form: https://secure.helpscout.net/conversation/<id>/<number>/
    url: web !== null && /^https?:\/\//i.test(web) ? web : `${appUrl}/conversation/${conv.id}/${conv.number === undefined || conv.number === null ? '' : `${conv.number}/`}`,
    tags: tagsOf(conv),
    group: mailbox === null ? null : (config.mailboxes?.[mailbox] ?? mailbox),
    organization: null,
    assignee: personName(conv.assignee),
    requester: personName(conv.primaryCustomer),
    fields: fieldsOf(conv),
  };
}

/** The custom field `priority_field` through the priority map, else the most severe `priority_tags` match, else null. */
function priorityOf(conv: HelpscoutConversation, config: HelpscoutConfig, errors: FieldError[]): { value: CanonicalPriority | null } | undefined {
  const wanted = config.priority_field?.toLowerCase();
  const index = wanted === undefined ? -1 : (conv.customFields ?? []).findIndex((f) => f.name?.toLowerCase() === wanted || String(f.id) === wanted);
  const field = index < 0 ? undefined : conv.customFields![index]!;
  const raw = field === undefined ? null : (field.text ?? (field.value === null || field.value === undefined || field.value === '' ? null : field.value));
  if (raw !== null && typeof raw !== 'boolean') {
    const mapped = mapValue(raw, {
      defaults: DEFAULT_HELPSCOUT_PRIORITIES,
      overrides: config.priorities,
      field: `customFields[${index}].${field!.text === null ? 'value' : 'text'}`,
      configKey: 'integrations.helpscout.priorities',
      canonical: CANONICAL_PRIORITIES,
    });
    if (mapped.ok) return { value: mapped.value };
    errors.push(mapped.error);
    return undefined;
  }
  const tags = new Set(tagsOf(conv).map((t) => t.toLowerCase()));
  for (const p of CANONICAL_PRIORITIES) {
    if ((config.priority_tags?.[p] ?? []).some((t) => tags.has(t.toLowerCase()))) return { value: p };
  }
  return { value: null };
}

/** The newest embedded thread this event added: a reply by its author, or a note. */
function threadOf(conv: HelpscoutConversation, kind: EventKind): HelpscoutThread | undefined {
  if (kind.comment === undefined) return undefined;
  const wantNote = !kind.comment.public;
  const wantType = kind.comment.author === 'agent' ? 'user' : 'customer';
  const threads = [...(conv._embedded?.threads ?? [])].sort((a, b) => b.createdAt - a.createdAt);
  return threads.find((t) => {
    const type = t.type?.toLowerCase() ?? '';
    if (wantNote) return type === 'note';
    return type !== 'note' && type !== 'lineitem' && t.createdBy?.type?.toLowerCase() === wantType;
  });
}

/** The latest activity the conversation shows: Help Scout sends no event time. */
function latestActivity(conv: HelpscoutConversation): number {
  const instants = [conv.createdAt, conv.updatedAt, conv.userUpdatedAt, conv.closedAt, conv.customerWaitingSince?.time];
  return Math.max(...instants.filter((t): t is number => typeof t === 'number'));
}

function tagsOf(conv: HelpscoutConversation): string[] {
  const names = (conv.tags ?? []).map((t) => (typeof t === 'string' ? t : (t.tag ?? t.name)));
  return names.filter((n): n is string => n !== null && n.trim() !== '');
}

function fieldsOf(conv: HelpscoutConversation): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const f of conv.customFields ?? []) if (f.name !== null) out[f.name] = f.text ?? f.value ?? null;
  return out;
}

/** Email, else the full name. */
function personName(p: HelpscoutPerson): string | null {
  if (p === undefined || p === null) return null;
  const name = [p.first, p.last].filter((x) => x !== null && x !== undefined).join(' ').trim();
  return p.email ?? (name === '' ? null : name);
}
