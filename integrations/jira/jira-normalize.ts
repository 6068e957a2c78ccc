/**
 * A Jira Cloud / Jira Service Management webhook body → canonical `TicketEvent`s.
 *
 * - `jira:issue_created`, `jira:issue_updated`, `jira:issue_deleted` (→ `deleted: true`),
 *   `comment_created` and `comment_updated` are read; every other event (worklogs, sprints,
 *   links…) is acknowledged with no events.
 * - A comment is new on `comment_created`, and on `jira:issue_updated` (Jira sends one for
 *   every comment, `issue_event_type_name` `issue_commented`, or a transition with a
 *   comment) unless the update is an edit or deletion of a comment. Edits carry no comment.
 * - `comment_*` deliveries whose issue has no `fields.created` (Jira abbreviates the issue in
 *   comment events) are acknowledged with no events: their issue cannot stand for the whole
 *   ticket (no labels, reporter, custom fields), and the same comment arrives in
 *   `jira:issue_updated` with the full issue.
 * - Ticket id = `issue.key` (e.g. `SUP-42`); the link is `<base_url>/browse/<key>`.
 * - Dedupe key: a new comment is `comment-<comment id>` (the same comment reaches us as
 *   `jira:issue_updated` and `comment_created`, and retries repeat it); anything else is the
 *   `X-Atlassian-Webhook-Identifier` header (unchanged across retries), else
 *   `<webhookEvent>-<issue id>-<timestamp>`.
 * - Agent or customer: JSM customers (`accountType: customer`), the reporter (unless
 *   `reporter_is_customer: false`) and request participants (`request_participants_field`)
 *   are the customer; every other account is an agent. Public unless `jsdPublic: false`, a
 *   `visibility` restriction, or the `sd.public.comment` property says internal.
 * - Events caused by `api_user_account_id` (our own notes and due dates) are dropped.
 */
import type { TicketComment, TicketEvent } from '../../src/events.js';
import type { FieldError, NormalizeResult, WebhookDelivery } from '../integration.js';
import { parseFields, ROOT_FIELD } from '../shared/field-errors.js';
import type { JiraConfig } from './jira-config.js';
import { mapJiraPriority, mapJiraStatus } from './jira-mappings.js';
import { jiraEnvelopeSchema, jiraIssueEventSchema, type JiraComment, type JiraIssueEvent, type JiraUser } from './jira-payload-schema.js';

/** The `source` of every event this integration produces. */
export const JIRA_SOURCE = 'jira';

export const JIRA_ISSUE_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'] as const;
export const JIRA_COMMENT_EVENTS = ['comment_created', 'comment_updated'] as const;
const HANDLED: ReadonlySet<string> = new Set([...JIRA_ISSUE_EVENTS, ...JIRA_COMMENT_EVENTS]);

/** `issue_event_type_name`s of `jira:issue_updated` that change an existing comment. */
const COMMENT_CHANGE_TYPES: ReadonlySet<string> = new Set(['issue_comment_edited', 'issue_comment_deleted']);

const DELIVERY_ID_HEADER = 'x-atlassian-webhook-identifier';
const MAX_EVENT_ID_LENGTH = 200;

/** One Jira delivery → zero or one `TicketEvent`, or every bad field with its path. */
export function normalizeJira(body: unknown, delivery: WebhookDelivery, config: JiraConfig): NormalizeResult {
  if (!isRecord(body)) {
    return { ok: false, errors: [{ field: ROOT_FIELD, message: 'must be a Jira webhook object with webhookEvent, timestamp and issue' }] };
  }
  const envelope = parseFields(jiraEnvelopeSchema, body);
  if (!envelope.ok) return envelope;
  const kind = envelope.data.webhookEvent;
  if (!HANDLED.has(kind)) return { ok: true, events: [] };
  if (kind.startsWith('comment_') && isAbbreviatedIssue(body.issue)) return { ok: true, events: [] };

  const parsed = parseFields(jiraIssueEventSchema, body);
  if (!parsed.ok) return parsed;
  const p = parsed.data;

  const newComment = p.comment !== undefined && (kind === 'comment_created' || (kind === 'jira:issue_updated' && !COMMENT_CHANGE_TYPES.has(p.issue_event_type_name ?? '')));
  const actor = actorOf(p, newComment);
  if (config.api_user_account_id !== undefined && actor === config.api_user_account_id) return { ok: true, events: [] };

  const deleted = kind === 'jira:issue_deleted';
  const fields = p.issue.fields;
  const errors: FieldError[] = [];
  const status = mapJiraStatus(fields.status.name, fields.status.statusCategory?.key, config, 'issue.fields.status.name');
  const priority = fields.priority ? mapJiraPriority(fields.priority.name, config, 'issue.fields.priority.name') : undefined;
  // A deletion must cancel the clocks even when its values are unmapped: the ticket is gone either way.
  if (!status.ok && !deleted) errors.push(status.error);
  if (priority !== undefined && !priority.ok && !deleted) errors.push(priority.error);
  if (fields.created === undefined) {
    errors.push({ field: 'issue.fields.created', message: 'required: the issue creation instant, e.g. 2026-11-24T09:00:00.000+0000' });
  }
  if (errors.length > 0 || fields.created === undefined) return { ok: false, errors };

  const comment = newComment && p.comment !== undefined ? commentOf(p.comment, p, config) : undefined;
  const event: TicketEvent = {
    source: JIRA_SOURCE,
    eventId: eventIdOf(p, delivery, newComment),
    occurredAt: p.timestamp,
    ticket: {
      id: p.issue.key,
      status: status.ok ? status.value : 'closed',
      priority: priority?.ok ? priority.value : null,
      createdAt: fields.created,
      subject: fields.summary,
      url: `${config.base_url}/browse/${encodeURIComponent(p.issue.key)}`,
      tags: fields.labels,
      group: fieldText(fields[config.group_field ?? 'project']),
      organization: config.organization_field === undefined ? null : fieldText(fields[config.organization_field]),
      assignee: fields.assignee?.displayName ?? null,
      requester: fields.reporter?.displayName ?? fields.reporter?.emailAddress ?? null,
      fields: policyFields(p, config),
    },
    ...(comment ? { comment } : {}),
    ...(deleted ? { deleted: true } : {}),
  };
  return { ok: true, events: [event] };
}

/** Who caused the event: the comment's author (or editor), else the webhook's `user`. */
function actorOf(p: JiraIssueEvent, newComment: boolean): string | undefined {
  if (p.comment !== undefined) {
    const who = newComment ? p.comment.author : (p.comment.updateAuthor ?? p.comment.author);
    if (who?.accountId !== undefined) return who.accountId;
  }
  return p.user?.accountId;
}

function commentOf(c: JiraComment, p: JiraIssueEvent, config: JiraConfig): TicketComment {
  return { author: isCustomer(c.author, p, config) ? 'customer' : 'agent', public: isPublic(c) };
}

/** JSM customer accounts, the reporter and request participants write as the customer. */
function isCustomer(author: JiraUser | null, p: JiraIssueEvent, config: JiraConfig): boolean {
  // No account at all: an email from outside the site (JSM "external emails").
  if (author === null || author.accountId === undefined) return true;
  if (author.accountType?.toLowerCase() === 'customer') return true;
  const fields = p.issue.fields;
  if (config.reporter_is_customer !== false && fields.reporter?.accountId === author.accountId) return true;
  if (config.request_participants_field !== undefined) {
    const participants = fields[config.request_participants_field];
    if (Array.isArray(participants) && participants.some((u) => isRecord(u) && u.accountId === author.accountId)) return true;
  }
  return false;
}

function isPublic(c: JiraComment): boolean {
  if (c.jsdPublic === false) return false;
  if (c.visibility !== null && c.visibility !== undefined && (c.visibility.type !== undefined || c.visibility.value !== undefined)) return false;
  const internal = c.properties?.find((prop) => prop.key === 'sd.public.comment')?.value;
  return !(isRecord(internal) && internal.internal === true);
}

function eventIdOf(p: JiraIssueEvent, delivery: WebhookDelivery, newComment: boolean): string {
  if (newComment && p.comment !== undefined) return `comment-${p.comment.id}`;
  const header = delivery.headers[DELIVERY_ID_HEADER]?.trim();
  if (header !== undefined && header !== '' && header.length <= MAX_EVENT_ID_LENGTH) return header;
  return `${p.webhookEvent}-${p.issue.id}-${p.timestamp}`;
}

/** `project` and `issuetype` always, plus the configured `fields`, for policy matching. */
function policyFields(p: JiraIssueEvent, config: JiraConfig): Record<string, string | number | boolean | null> {
  const fields = p.issue.fields;
  const out: Record<string, string | number | boolean | null> = {};
  if (fields.project) out.project = fields.project.key;
  if (fields.issuetype) out.issuetype = fields.issuetype.name;
  for (const [name, id] of Object.entries(config.fields ?? {})) {
    const value = fields[id];
    out[name] = typeof value === 'number' || typeof value === 'boolean' ? value : fieldText(value);
  }
  return out;
}

/**
 * A field value as text: strings as they are; options, users, projects and organizations by
 * their `name`/`value`/`displayName`/`key`; multi-valued fields by their first value.
 */
export function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = fieldText(item);
      if (text !== null) return text;
    }
    return null;
  }
  if (isRecord(value)) {
    for (const key of ['name', 'value', 'displayName', 'key']) {
      const text = value[key];
      if (typeof text === 'string' && text !== '') return text;
    }
  }
  return null;
}

/** Jira's comment events carry an issue with a handful of fields and no creation instant. */
function isAbbreviatedIssue(issue: unknown): boolean {
  return isRecord(issue) && isRecord(issue.fields) && !Object.hasOwn(issue.fields, 'created');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
