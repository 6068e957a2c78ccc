/**
 * Zendesk's statuses, priorities and user roles mapped onto canonical values: defaults here,
 * overrides in the config win, comparison ignores case (event payloads may say `OPEN`,
 * `URGENT`; the REST API and placeholders say `open`, `urgent`), and an unknown value is a
 * 400 naming it and the config key that would map it.
 *
 * Verified in Zendesk's docs: statuses new, open, pending, hold, solved, closed (REST API);
 * status-changed events may also carry deleted, archived and scrubbed; custom ticket
 * statuses each belong to one of the categories new, open, pending, hold, solved; priorities
 * low, normal, high, urgent (none when unset); user roles end-user, agent, admin.
 * Configurable because unverified: how a trigger renders `{{ticket.status}}` once custom
 * statuses are active (possibly the custom label) and how it renders an unset priority or a
 * role (text case, `-`).
 */
import { CANONICAL_PRIORITIES, TICKET_STATUSES, type CanonicalPriority, type TicketStatus } from '../../src/events.js';
import { mapValue, type MapResult } from '../shared/value-map.js';
import { COMMENT_AUTHORS, type CommentAuthor, type ZendeskConfig } from './zendesk-config.js';

export const STATUSES_KEY = 'integrations.zendesk.statuses';
export const PRIORITIES_KEY = 'integrations.zendesk.priorities';
export const ROLES_KEY = 'integrations.zendesk.comment_author_roles';

/** Zendesk status (or status category) → canonical status. */
export const DEFAULT_STATUSES: Readonly<Record<string, TicketStatus>> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'on_hold',
  'on-hold': 'on_hold',
  'on hold': 'on_hold',
  on_hold: 'on_hold',
  solved: 'solved',
  closed: 'closed',
  // Closed tickets are archived after a while; still closed for the SLA.
  archived: 'closed',
};

/** Statuses that mean the ticket is gone: its clocks are cancelled (`deleted: true`). */
export const DELETED_STATUSES: readonly string[] = ['deleted', 'scrubbed'];

export const DEFAULT_PRIORITIES: Readonly<Record<string, CanonicalPriority>> = {
  low: 'low',
  normal: 'normal',
  high: 'high',
  urgent: 'urgent',
};

/** Renderings of "no priority": the ticket's priority is null. */
export const NO_PRIORITY: readonly string[] = ['', '-', 'none', 'null'];

/** `{{ticket.latest_comment.author.role}}` → who wrote the comment. */
export const DEFAULT_AUTHOR_ROLES: Readonly<Record<string, CommentAuthor>> = {
  'end-user': 'customer',
  'end user': 'customer',
  enduser: 'customer',
  agent: 'agent',
  'light agent': 'agent',
  admin: 'agent',
  administrator: 'agent',
};

const clean = (raw: string): string => raw.trim().toLowerCase();

export function isDeletedStatus(raw: string): boolean {
  return DELETED_STATUSES.includes(clean(raw));
}

/** A Zendesk status → canonical; `field` is its JSON path in the payload. */
export function mapStatus(raw: string, field: string, config: ZendeskConfig): MapResult<TicketStatus> {
  return mapValue(raw, { defaults: DEFAULT_STATUSES, overrides: config.statuses, field, configKey: STATUSES_KEY, canonical: TICKET_STATUSES });
}

/**
 * A live ticket's status: its custom status when `custom_statuses` maps that id (the finer
 * answer), else its status category through the status table.
 */
export function mapTicketStatus(raw: string, customStatusId: string | null, field: string, config: ZendeskConfig): MapResult<TicketStatus> {
  const custom = customStatusId === null ? undefined : config.custom_statuses?.[customStatusId];
  return custom !== undefined ? { ok: true, value: custom } : mapStatus(raw, field, config);
}

/** A Zendesk priority → canonical, or null when the ticket has none. */
export function mapPriority(raw: string | null | undefined, field: string, config: ZendeskConfig): MapResult<CanonicalPriority | null> {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  // An override may give "-" a meaning; otherwise the renderings of "none" are null.
  const overridden = Object.keys(config.priorities ?? {}).some((k) => clean(k) === clean(raw));
  if (!overridden && NO_PRIORITY.includes(clean(raw))) return { ok: true, value: null };
  return mapValue(raw, { defaults: DEFAULT_PRIORITIES, overrides: config.priorities, field, configKey: PRIORITIES_KEY, canonical: CANONICAL_PRIORITIES });
}

/** A rendered user role → agent or customer. */
export function mapAuthorRole(raw: string, field: string, config: ZendeskConfig): MapResult<CommentAuthor> {
  return mapValue(raw, { defaults: DEFAULT_AUTHOR_ROLES, overrides: config.comment_author_roles, field, configKey: ROLES_KEY, canonical: COMMENT_AUTHORS });
}

/** The agent's view of a ticket, for events that carry no link. */
export function ticketUrl(config: ZendeskConfig, ticketId: string): string {
  return `https://${config.subdomain}.zendesk.com/agent/tickets/${encodeURIComponent(ticketId)}`;
}
