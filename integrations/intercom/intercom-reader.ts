/**
 * Reads one Intercom conversation for resync (Intercom docs "Retrieve a conversation"):
 * `GET <api_url>/conversations/{id}` with the write-back access token (`Authorization: Bearer`)
 * and the same `Intercom-Version`, answered with the Conversation model webhooks carry as
 * `data.item` (`state`, `priority`, `created_at`, `updated_at`, `title`, `source`,
 * `admin_assignee_id`, `team_assignee_id`, `contacts`, `tags`, `custom_attributes`, …), 404 for
 * an unknown or deleted conversation. It is mapped by the webhook normalizer itself, as a
 * notification raised at `updated_at`: the same state and priority maps, teams and fields.
 *
 * The whole conversation's parts are left out: a snapshot carries no comment, and the newest
 * part may be our own note, which the normalizer would drop the event for. The inbox link
 * needs the workspace id only notifications carry (`app_id`), so the link is kept as stored.
 */
import type { TicketEvent, TicketReader } from '../../src/events.js';
import type { WebhookDelivery } from '../integration.js';
import { getTicketJson, resyncEventId, TicketReadError, unmappedTicket } from '../shared/ticket-read.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import { DEFAULT_INTERCOM_API_URL, DEFAULT_INTERCOM_API_VERSION, type IntercomConfig } from './intercom-config.js';
import { normalizeIntercom } from './intercom-normalize.js';

/** Test and tuning knobs passed through to the HTTP client. */
export type IntercomReaderOptions = Pick<WriteBackHttpOptions, 'sleep' | 'timeoutMs' | 'maxAttempts' | 'maxInlineWaitMs'>;

/** The reader, or undefined without an access token. */
export function createIntercomReader(config: IntercomConfig, options: IntercomReaderOptions = {}): TicketReader | undefined {
  // Reading needs the token only; admin_id is who notes are written as.
  if (config.access_token === undefined) return undefined;
  const http = createWriteBackHttp({
    ...options,
    baseURL: config.api_url ?? DEFAULT_INTERCOM_API_URL,
    headers: { Authorization: `Bearer ${config.access_token}`, 'Intercom-Version': config.api_version ?? DEFAULT_INTERCOM_API_VERSION },
  });
  return {
    keepsStored: ['url'],
    async read(conversationId) {
      if (!/^\d{1,30}$/.test(conversationId)) throw new TicketReadError(`Intercom conversation ids are digits; got ${JSON.stringify(conversationId.slice(0, 40))}`);
      const body = await getTicketJson(http, `/conversations/${conversationId}`);
      return body === null ? null : intercomConversationEvent(body, config);
    },
  };
}

const NO_DELIVERY: WebhookDelivery = { rawBody: Buffer.alloc(0), headers: {}, query: {}, receivedAt: 0 };

/** A "Retrieve a conversation" body → the conversation's snapshot as an event; throws naming every unmapped field. */
export function intercomConversationEvent(body: unknown, config: IntercomConfig): TicketEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TicketReadError('the Intercom conversation does not map to a ticket: (root): must be the conversation object');
  const updatedAt = (body as { updated_at?: unknown }).updated_at;
  if (typeof updatedAt !== 'number') throw new TicketReadError('the Intercom conversation does not map to a ticket: updated_at: required: when the conversation last changed, in epoch seconds');
  const item = { ...body, conversation_parts: null };
  // Any conversation topic maps the item alike; the notification id is replaced below.
  const notification = { type: 'notification_event', id: 'resync', topic: 'conversation.admin.opened', app_id: null, created_at: updatedAt, data: { item } };
  const result = normalizeIntercom(notification, NO_DELIVERY, config);
  if (!result.ok) throw unmappedTicket('the Intercom conversation', result.errors.map((e) => ({ ...e, field: e.field.replace(/^data\.item\./, '') })));
  const event = result.events[0];
  if (event === undefined) throw new TicketReadError('the Intercom conversation does not map to a ticket');
  return { ...event, eventId: resyncEventId(event.ticket.id, event.occurredAt) };
}
