/**
 * A Zammad trigger webhook → one `TicketEvent`.
 *
 * - status: `ticket.state` (name; `state_id` when the name is absent) through the status
 *   map; states in `deleted_states` (default merged, removed) also set `deleted: true`.
 * - priority: `ticket.priority.name` (`priority_id` when absent) through the priority map.
 * - comment: the trigger's article, by `article.sender` (Agent / Customer; System articles
 *   are no reply); public unless `internal` or of an internal type (default `note`).
 * - eventId: the `X-Zammad-Delivery` header (the job id, the same on every retry); without
 *   it, `<ticket id>:<updated_at>` plus `:<article id>` when the update added one.
 * - occurredAt: `ticket.updated_at`, the instant the snapshot describes.
 * - Internal notes by `ignore_user_ids` (our API user's own notes) are dropped.
 */
import type { CanonicalPriority, TicketComment, TicketEvent, TicketStatus } from '../../src/events.js';
import { CANONICAL_PRIORITIES, TICKET_STATUSES } from '../../src/events.js';
import type { FieldError, NormalizeResult, WebhookDelivery } from '../integration.js';
import { parseFields, ROOT_FIELD } from '../shared/field-errors.js';
import { mapValue } from '../shared/value-map.js';
import type { ZammadConfig } from './zammad-config.js';
import {
  articleAuthor,
  DEFAULT_INTERNAL_ARTICLE_TYPES,
  DEFAULT_ZAMMAD_DELETED_STATES,
  DEFAULT_ZAMMAD_PRIORITIES,
  DEFAULT_ZAMMAD_STATUSES,
} from './zammad-mappings.js';
import { zammadPayloadSchema, type ZammadPayload, type ZammadUser } from './zammad-payload-schema.js';

export const ZAMMAD_SOURCE = 'zammad';

const DELIVERY_HEADER = 'x-zammad-delivery';
/** Zammad's system user "-": `owner_id` 1 means unassigned. */
const NOBODY_USER_ID = 1;

export function normalizeZammad(body: unknown, delivery: WebhookDelivery, config: ZammadConfig): NormalizeResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: ROOT_FIELD, message: 'must be the JSON object of a Zammad webhook: { "ticket": {…}, "article": {…} }' }] };
  }
  const parsed = parseFields(zammadPayloadSchema, body);
  if (!parsed.ok) return parsed;
  const { ticket, article } = parsed.data;
  const errors: FieldError[] = [];

  const status = mapStatus(ticket, config, errors);
  const priority = mapPriority(ticket, config, errors);
  if (status === undefined || priority === undefined) return { ok: false, errors };

  const hasArticle = article !== undefined && article !== null && article.id !== undefined && article.id !== null;
  const comment = hasArticle ? commentOf(article, config) : undefined;
  // Our own notes come back through the trigger; only notes are dropped, so an API user that
  // is also a working agent still has its replies and status changes counted.
  const author = hasArticle ? article.created_by_id : undefined;
  if (comment?.public === false && author !== undefined && author !== null && (config.ignore_user_ids ?? []).includes(author)) return { ok: true, events: [] };

  const stateKey = ticket.state ?? (ticket.state_id === undefined || ticket.state_id === null ? '' : String(ticket.state_id));
  const deletedStates = (config.deleted_states ?? DEFAULT_ZAMMAD_DELETED_STATES).map((s) => s.trim().toLowerCase());
  const deleted = deletedStates.includes(stateKey.trim().toLowerCase());

  const event: TicketEvent = {
    source: ZAMMAD_SOURCE,
    eventId: eventIdOf(delivery, parsed.data),
    occurredAt: ticket.updated_at,
    ticket: {
      id: ticket.id,
      status,
      priority: priority.value,
      createdAt: ticket.created_at,
      subject: ticket.title,
      url: `${config.base_url}/#ticket/zoom/${ticket.id}`,
      tags: ticket.tags,
      group: ticket.group,
      organization: ticket.organization,
      assignee: ticket.owner_id === NOBODY_USER_ID || ticket.owner?.id === NOBODY_USER_ID ? null : userName(ticket.owner),
      requester: userName(ticket.customer),
      fields: customFields(body as Record<string, unknown>, config.fields ?? []),
    },
    ...(comment ? { comment } : {}),
    ...(deleted ? { deleted: true } : {}),
  };
  return { ok: true, events: [event] };
}

function mapStatus(ticket: ZammadPayload['ticket'], config: ZammadConfig, errors: FieldError[]): TicketStatus | undefined {
  const byName = ticket.state !== null;
  if (!byName && (ticket.state_id === undefined || ticket.state_id === null)) {
    errors.push({ field: 'ticket.state', message: 'required: the state name (or ticket.state_id)' });
    return undefined;
  }
  const raw = byName ? ticket.state! : ticket.state_id!;
  const mapped = mapValue(raw, {
    defaults: DEFAULT_ZAMMAD_STATUSES,
    overrides: config.statuses,
    field: byName ? 'ticket.state' : 'ticket.state_id',
    configKey: 'integrations.zammad.statuses',
    canonical: TICKET_STATUSES,
  });
  if (mapped.ok) return mapped.value;
  errors.push(mapped.error);
  return undefined;
}

/** `{ value: null }` when the ticket has no priority; undefined after an error. */
function mapPriority(ticket: ZammadPayload['ticket'], config: ZammadConfig, errors: FieldError[]): { value: CanonicalPriority | null } | undefined {
  const byName = ticket.priority !== null;
  const raw = byName ? ticket.priority! : ticket.priority_id;
  if (raw === undefined || raw === null) return { value: null };
  const mapped = mapValue(raw, {
    defaults: DEFAULT_ZAMMAD_PRIORITIES,
    overrides: config.priorities,
    field: byName ? 'ticket.priority.name' : 'ticket.priority_id',
    configKey: 'integrations.zammad.priorities',
    canonical: CANONICAL_PRIORITIES,
  });
  if (mapped.ok) return { value: mapped.value };
  errors.push(mapped.error);
  return undefined;
}

function commentOf(article: NonNullable<ZammadPayload['article']>, config: ZammadConfig): TicketComment | undefined {
  const author = articleAuthor(article.sender ?? undefined, article.sender_id ?? undefined);
  if (author === undefined) return undefined;
  const internalTypes = (config.internal_article_types ?? DEFAULT_INTERNAL_ARTICLE_TYPES).map((t) => t.toLowerCase());
  const internalType = article.type !== null && internalTypes.includes(article.type.trim().toLowerCase());
  return { author, public: article.internal !== true && !internalType };
}

function eventIdOf(delivery: WebhookDelivery, payload: ZammadPayload): string {
  const header = delivery.headers[DELIVERY_HEADER]?.trim();
  if (header !== undefined && header !== '' && header.length <= 200) return header;
  const { ticket, article } = payload;
  const articleId = article?.id === undefined || article.id === null ? '' : `:${article.id}`;
  return `${ticket.id}:${new Date(ticket.updated_at).toISOString()}${articleId}`;
}

/** Email, else login, else the full name; null for an empty association. */
function userName(user: ZammadUser): string | null {
  if (user === undefined || user === null) return null;
  const name = [user.firstname, user.lastname].filter((p) => p !== null && p !== undefined).join(' ').trim();
  return user.email ?? (user.login !== null && user.login !== undefined && user.login !== '-' ? user.login : null) ?? (name === '' ? null : name);
}

/** Configured ticket attributes with a plain value (custom objects sit at the top of `ticket`). */
function customFields(body: Record<string, unknown>, names: readonly string[]): Record<string, string | number | boolean | null> {
  const ticket = body.ticket as Record<string, unknown>;
  const out: Record<string, string | number | boolean | null> = {};
  for (const name of names) {
    const value = Object.hasOwn(ticket, name) ? ticket[name] : undefined;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = value;
  }
  return out;
}
