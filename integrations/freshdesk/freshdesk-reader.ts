/**
 * Reads one Freshdesk ticket for resync: `GET https://<domain>.freshdesk.com/api/v2/tickets/{id}`
 * ("View a ticket", API v2) with the write-back credentials (basic auth `api_key:X`). The body
 * is the ticket: `id`, `status` and `priority` as numbers (2 Open … 5 Closed; 1 Low … 4
 * Urgent), `subject`, `tags`, `created_at`, `updated_at` (ISO 8601, UTC), `group_id`,
 * `company_id`, `responder_id`, `requester_id`, `custom_fields`, and `spam` (plus `deleted`
 * on a deleted ticket).
 *
 * Status and priority numbers go through the tables and overrides webhooks use, so a custom
 * status must be mapped by number too (`statuses: { "8": pending }`). The API names group,
 * company, agent and requester by id where the automation template renders names, and custom
 * fields by API name where the template picks its own: those are kept from the stored ticket.
 * A ticket marked deleted or spam cancels its clocks, as the `ticket_deleted` rule does.
 */
import { z } from 'zod';
import type { TicketEvent, TicketReader } from '../../src/events.js';
import type { FieldError } from '../integration.js';
import { parseFields } from '../shared/field-errors.js';
import { isoInstantSchema } from '../shared/instant-schema.js';
import { optionalText } from '../shared/optional-text.js';
import { getTicketJson, resyncEventId, TicketReadError, unmappedTicket } from '../shared/ticket-read.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import { freshdeskBaseUrl, type FreshdeskConfig } from './freshdesk-config.js';
import { FRESHDESK_SOURCE, freshdeskTicketUrl, mapFreshdeskPriority, mapFreshdeskStatus } from './freshdesk-values.js';

const code = z.union([z.number().int(), z.string().trim().min(1)]).transform(String);

const ticketSchema = z.object({
  id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,15}$/)]).transform(String),
  status: code,
  priority: code,
  subject: optionalText(),
  tags: z.array(z.string()).nullable().optional().transform((v) => (v ?? []).map((t) => t.trim()).filter((t) => t !== '')),
  created_at: isoInstantSchema(),
  updated_at: isoInstantSchema(),
  deleted: z.boolean().nullable().optional(),
  spam: z.boolean().nullable().optional(),
});

/** The reader when `api_key` is configured; `http` overrides client options (tests inject `sleep`). */
export function createFreshdeskReader(config: FreshdeskConfig, http: Partial<WriteBackHttpOptions> = {}): TicketReader | undefined {
  if (config.api_key === undefined) return undefined;
  const client = createWriteBackHttp({ baseURL: freshdeskBaseUrl(config), auth: { username: config.api_key, password: 'X' }, ...http });
  return {
    keepsStored: ['group', 'organization', 'assignee', 'requester', 'fields', 'url'],
    async read(ticketId) {
      if (!/^\d{1,15}$/.test(ticketId)) throw new TicketReadError(`not a Freshdesk ticket id: ${JSON.stringify(ticketId.slice(0, 40))}`);
      const body = await getTicketJson(client, `/api/v2/tickets/${ticketId}`);
      return body === null ? null : freshdeskTicketEvent(body, config);
    },
  };
}

/** A "View a ticket" body → the ticket's snapshot as an event; throws naming every unmapped field. */
export function freshdeskTicketEvent(body: unknown, config: FreshdeskConfig): TicketEvent {
  const parsed = parseFields(ticketSchema, body);
  if (!parsed.ok) throw unmappedTicket('the Freshdesk ticket', parsed.errors);
  const t = parsed.data;
  const status = mapFreshdeskStatus(t.status, config);
  const priority = mapFreshdeskPriority(t.priority, config);
  const errors: FieldError[] = [];
  if (!status.ok) errors.push(status.error);
  if (!priority.ok) errors.push(priority.error);
  if (!status.ok || !priority.ok) throw unmappedTicket(`Freshdesk ticket ${t.id}`, errors);
  const deleted = t.deleted === true || t.spam === true;
  return {
    source: FRESHDESK_SOURCE,
    eventId: resyncEventId(t.id, t.updated_at),
    occurredAt: t.updated_at,
    ticket: {
      id: t.id,
      status: status.value,
      priority: priority.value,
      createdAt: t.created_at,
      subject: t.subject,
      url: freshdeskTicketUrl(config, t.id),
      tags: t.tags,
      group: null,
      organization: null,
      assignee: null,
      requester: null,
      fields: {},
    },
    ...(deleted ? { deleted: true } : {}),
  };
}
