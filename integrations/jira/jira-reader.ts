/**
 * Reads one Jira Cloud / JSM issue for resync: `GET <base_url>/rest/api/3/issue/{key}` with
 * the write-back credentials (basic `email:api_token`). Its body is the issue exactly as
 * webhooks embed it (`id`, `key`, `fields.{status.{name, statusCategory.key}, priority.name,
 * created, updated, summary, labels, assignee, reporter, project, issuetype, custom fields}`),
 * so it is mapped by the webhook normalizer itself, as a `jira:issue_updated` raised at
 * `fields.updated`: the same status and priority tables, group, organization and policy fields.
 *
 * Jira answers 404 both for a deleted issue and for one the API user may not see, so a 404 is
 * not proof of deletion (see `resync.on_not_found`).
 */
import type { TicketEvent, TicketReader } from '../../src/events.js';
import type { WebhookDelivery } from '../integration.js';
import { parseIsoInstant } from '../shared/instant.js';
import { getTicketJson, resyncEventId, TicketReadError, unmappedTicket } from '../shared/ticket-read.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import type { JiraConfig } from './jira-config.js';
import { normalizeJira } from './jira-normalize.js';

/** Test and tuning knobs passed through to the HTTP client. */
export type JiraReaderOptions = Pick<WriteBackHttpOptions, 'sleep' | 'timeoutMs' | 'maxAttempts' | 'maxInlineWaitMs'>;

/** The reader, or undefined without `email` and `api_token`. */
export function createJiraReader(config: JiraConfig, options: JiraReaderOptions = {}): TicketReader | undefined {
  if (config.email === undefined || config.api_token === undefined) return undefined;
  const http = createWriteBackHttp({ ...options, baseURL: config.base_url, auth: { username: config.email, password: config.api_token } });
  return {
    async read(key) {
      const body = await getTicketJson(http, `/rest/api/3/issue/${encodeURIComponent(key)}`);
      return body === null ? null : jiraIssueEvent(body, config);
    },
  };
}

const NO_DELIVERY: WebhookDelivery = { rawBody: Buffer.alloc(0), headers: {}, query: {}, receivedAt: 0 };

/** A "Get issue" body → the issue's snapshot as an event; throws naming every unmapped field. */
export function jiraIssueEvent(body: unknown, config: JiraConfig): TicketEvent {
  const fields = isRecord(body) && isRecord(body.fields) ? body.fields : undefined;
  const updated = typeof fields?.updated === 'string' ? parseIsoInstant(fields.updated) : undefined;
  if (updated === undefined) {
    throw new TicketReadError('the Jira issue does not map to a ticket: fields.updated: required: when the issue last changed, e.g. 2026-11-24T09:00:00.000+0000');
  }
  // No `user`: a resync is nobody's action, so `api_user_account_id` never drops it.
  const result = normalizeJira({ timestamp: updated, webhookEvent: 'jira:issue_updated', issue: body }, NO_DELIVERY, config);
  if (!result.ok) throw unmappedTicket('the Jira issue', result.errors.map((e) => ({ ...e, field: e.field.replace(/^issue\./, '') })));
  const event = result.events[0];
  if (event === undefined) throw new TicketReadError('the Jira issue does not map to a ticket');
  return { ...event, eventId: resyncEventId(event.ticket.id, updated) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
