/**
 * Reads one Zammad ticket for resync: `GET <base_url>/api/v1/tickets/{id}?expand=true` with the
 * write-back token (`Authorization: Token token=<api_token>`). With `expand=true` Zammad answers
 * `ticket.attributes_with_association_names` (verified in Zammad's `TicketsController#show`):
 * every ticket attribute (custom objects included) plus `state`, `priority`, `group` and
 * `organization` as names and `owner`, `customer` as user logins.
 *
 * That is the default webhook body's ticket without its resolved user objects, so it is mapped
 * by the webhook normalizer itself (same state, priority and deleted-state tables, same custom
 * `fields`). What differs is kept from the stored ticket: assignee and requester (a webhook
 * gives the user's email, the API only the login) and tags (not ticket attributes, so absent).
 */
import type { TicketEvent, TicketReader } from '../../src/events.js';
import type { WebhookDelivery } from '../integration.js';
import { getTicketJson, resyncEventId, TicketReadError, unmappedTicket } from '../shared/ticket-read.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import type { ZammadConfig } from './zammad-config.js';
import { normalizeZammad } from './zammad-normalize.js';

/** Test and tuning knobs passed through to the HTTP client. */
export type ZammadReaderOptions = Pick<WriteBackHttpOptions, 'sleep' | 'timeoutMs' | 'maxAttempts' | 'maxInlineWaitMs'>;

/** The reader, or undefined without an API token. */
export function createZammadReader(config: ZammadConfig, options: ZammadReaderOptions = {}): TicketReader | undefined {
  if (config.api_token === undefined) return undefined;
  const http = createWriteBackHttp({ ...options, baseURL: config.base_url, headers: { Authorization: `Token token=${config.api_token}` } });
  return {
    keepsStored: ['assignee', 'requester', 'tags'],
    async read(ticketId) {
      if (!/^\d{1,15}$/.test(ticketId)) throw new TicketReadError(`Zammad ticket ids are digits; got ${JSON.stringify(ticketId.slice(0, 40))}`);
      const body = await getTicketJson(http, `/api/v1/tickets/${ticketId}?expand=true`);
      return body === null ? null : zammadTicketEvent(body, config);
    },
  };
}

// No X-Zammad-Delivery header: the event id is replaced by the resync one below anyway.
const NO_DELIVERY: WebhookDelivery = { rawBody: Buffer.alloc(0), headers: {}, query: {}, receivedAt: 0 };

/** An expanded ticket → the ticket's snapshot as an event; throws naming every unmapped field. */
export function zammadTicketEvent(body: unknown, config: ZammadConfig): TicketEvent {
  if (!isRecord(body)) throw new TicketReadError('the Zammad ticket does not map to a ticket: (root): must be the ticket object');
  // The webhook resolves owner and customer to user objects; the API names them by login.
  const ticket = { ...body, owner: userRef(body.owner, body.owner_id), customer: userRef(body.customer, body.customer_id) };
  const result = normalizeZammad({ ticket, article: {} }, NO_DELIVERY, config);
  if (!result.ok) throw unmappedTicket('the Zammad ticket', result.errors.map((e) => ({ ...e, field: e.field.replace(/^ticket\./, '') })));
  const event = result.events[0];
  if (event === undefined) throw new TicketReadError('the Zammad ticket does not map to a ticket');
  return { ...event, eventId: resyncEventId(event.ticket.id, event.occurredAt) };
}

/** A login (expand=true) as the user object the webhook body has; anything else as given. */
function userRef(login: unknown, id: unknown): unknown {
  if (typeof login !== 'string') return login;
  return { id: typeof id === 'number' ? id : null, login };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
