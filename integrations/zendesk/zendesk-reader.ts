/**
 * Reads one Zendesk ticket for resync (verified: developer.zendesk.com, Tickets API "Show
 * Ticket"): `GET https://<subdomain>.zendesk.com/api/v2/tickets/{id}.json` answers
 * `{"ticket": {id, status, priority, custom_status_id, subject, tags, created_at, updated_at,
 * requester_id, assignee_id, group_id, organization_id, …}}`, with the write-back credentials
 * (basic `<email>/token` and the API token).
 *
 * Mapped with the tables webhooks use (zendesk-values.ts, `custom_statuses` first, as event
 * subscriptions do); a status of deleted/scrubbed cancels the clocks. Ids stand for group,
 * organization, assignee and requester, as in event subscriptions, but a trigger template
 * renders names there and custom `fields`: those are kept from the stored ticket
 * (`keepsStored`), together with the link.
 */
import { z } from 'zod';
import type { TicketEvent, TicketReader, TicketStatus } from '../../src/events.js';
import type { FieldError } from '../integration.js';
import { parseFields } from '../shared/field-errors.js';
import { isoInstantSchema } from '../shared/instant-schema.js';
import { optionalText } from '../shared/optional-text.js';
import { getTicketJson, resyncEventId, TicketReadError, unmappedTicket } from '../shared/ticket-read.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import type { ZendeskConfig } from './zendesk-config.js';
import { ZENDESK_SOURCE } from './zendesk-event-subscription.js';
import { optionalIdSchema, tagsSchema, ticketIdSchema } from './zendesk-fields.js';
import { isDeletedStatus, mapPriority, mapTicketStatus, ticketUrl } from './zendesk-values.js';

/** Test and tuning knobs passed through to the HTTP client. */
export type ZendeskReaderOptions = Pick<WriteBackHttpOptions, 'sleep' | 'timeoutMs' | 'maxAttempts' | 'maxInlineWaitMs'>;

const showTicketSchema = z.object({
  ticket: z.object({
    id: ticketIdSchema(),
    status: z.string().trim().min(1),
    priority: optionalText(),
    custom_status_id: optionalIdSchema(),
    subject: optionalText(),
    tags: tagsSchema(),
    created_at: isoInstantSchema(),
    updated_at: isoInstantSchema(),
    requester_id: optionalIdSchema(),
    assignee_id: optionalIdSchema(),
    group_id: optionalIdSchema(),
    organization_id: optionalIdSchema(),
  }),
});

/** The reader, or undefined when the config has no `write_back` credentials. */
export function createZendeskReader(config: ZendeskConfig, options: ZendeskReaderOptions = {}): TicketReader | undefined {
  const creds = config.write_back;
  if (creds === undefined) return undefined;
  const http = createWriteBackHttp({ ...options, baseURL: `https://${config.subdomain}.zendesk.com`, auth: { username: `${creds.email}/token`, password: creds.api_token } });
  return {
    keepsStored: ['group', 'organization', 'assignee', 'requester', 'fields', 'url'],
    async read(ticketId) {
      if (!/^\d{1,20}$/.test(ticketId)) throw new TicketReadError(`Zendesk ticket ids are digits; got ${JSON.stringify(ticketId.slice(0, 40))}`);
      const body = await getTicketJson(http, `/api/v2/tickets/${ticketId}.json`);
      return body === null ? null : zendeskTicketEvent(body, config);
    },
  };
}

/** A "Show Ticket" body → the ticket's snapshot as an event; throws naming every unmapped field. */
export function zendeskTicketEvent(body: unknown, config: ZendeskConfig): TicketEvent {
  const parsed = parseFields(showTicketSchema, body);
  if (!parsed.ok) throw unmappedTicket('the Zendesk ticket', parsed.errors);
  const t = parsed.data.ticket;
  const errors: FieldError[] = [];
  const deleted = isDeletedStatus(t.status);
  let status: TicketStatus = 'open';
  if (!deleted) {
    const mapped = mapTicketStatus(t.status, t.custom_status_id, 'ticket.status', config);
    if (mapped.ok) status = mapped.value;
    else errors.push(mapped.error);
  }
  const priority = mapPriority(t.priority, 'ticket.priority', config);
  if (!priority.ok) errors.push(priority.error);
  if (errors.length > 0 || !priority.ok) throw unmappedTicket(`Zendesk ticket ${t.id}`, errors);
  return {
    source: ZENDESK_SOURCE,
    eventId: resyncEventId(t.id, t.updated_at),
    occurredAt: t.updated_at,
    ticket: {
      id: t.id,
      status,
      priority: priority.value,
      createdAt: t.created_at,
      subject: t.subject,
      url: ticketUrl(config, t.id),
      tags: t.tags,
      group: t.group_id,
      organization: t.organization_id,
      assignee: t.assignee_id,
      requester: t.requester_id,
      fields: {},
    },
    // A deleted ticket's status says nothing; a live one keeps the deletion from counting as solved.
    ...(deleted ? { deleted: true } : {}),
  };
}
