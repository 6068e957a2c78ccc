/**
 * Reads one Help Scout conversation for resync (Mailbox API 2.0 "Get Conversation"):
 * `GET https://api.helpscout.net/v2/conversations/{id}` with the write-back app's
 * client-credentials token (refreshed once on a 401, as the writer does). The answer is the v2
 * conversation object webhooks carry (`id`, `number`, `status`, `state`, `subject`,
 * `mailboxId`, `assignee`, `primaryCustomer`, `createdAt`, `closedAt`, `userUpdatedAt`,
 * `customerWaitingSince`, `tags`, `customFields`, `_links.web`), so it is mapped by the webhook
 * normalizer itself, as a `convo.status` event: the same status map, deleted statuses,
 * priority field or tags, mailbox names and fields, timed by the latest activity it shows.
 * No snapshot field differs, so none is kept from the stored ticket.
 *
 * A conversation merged into another answers 301 (then 404 after 60 days): no longer a ticket
 * of its own, so both read as "not found" (`resync.on_not_found` decides).
 */
import type { TicketEvent, TicketReader } from '../../src/events.js';
import type { WebhookDelivery } from '../integration.js';
import { getTicketJson, resyncEventId, TicketReadError, unmappedTicket } from '../shared/ticket-read.js';
import { WriteBackError, type WriteBackHttp } from '../shared/write-back-http.js';
import { createHelpscoutApi } from './helpscout-api.js';
import type { HelpscoutConfig } from './helpscout-config.js';
import { normalizeHelpscout } from './helpscout-normalize.js';
import type { TokenSourceOptions } from './helpscout-token.js';

export type HelpscoutReaderOptions = TokenSourceOptions;

/** The reader, or undefined without the app credentials. */
export function createHelpscoutReader(config: HelpscoutConfig, options: HelpscoutReaderOptions = {}): TicketReader | undefined {
  if (config.app_id === undefined || config.app_secret === undefined) return undefined;
  const { withApi } = createHelpscoutApi(config.app_id, config.app_secret, options);
  const http: WriteBackHttp = {
    async send(method, path, body) {
      let callError: unknown;
      try {
        return await withApi((api) => api.send(method, path, body).catch((err: unknown) => Promise.reject((callError = err))));
      } catch (err) {
        // A failed token request is no answer about the conversation: a 404 there must not read as "no such conversation".
        if (err !== callError && err instanceof WriteBackError) throw new TicketReadError(`no Help Scout token: ${err.message}`, err.status, err.status === 429 ? err.retryAfterMs : undefined);
        throw err;
      }
    },
  };
  return {
    async read(conversationId) {
      if (!/^\d{1,15}$/.test(conversationId)) throw new TicketReadError(`Help Scout conversation ids are digits; got ${JSON.stringify(conversationId.slice(0, 40))}`);
      try {
        const body = await getTicketJson(http, `/v2/conversations/${conversationId}`);
        return body === null ? null : helpscoutConversationEvent(body, config);
      } catch (err) {
        if (err instanceof TicketReadError && err.status === 301) return null;
        throw err;
      }
    },
  };
}

/** A status-only event: no thread is read as a reply, and the instant is the latest activity. */
const DELIVERY: WebhookDelivery = { rawBody: Buffer.alloc(0), headers: { 'x-helpscout-event': 'convo.status' }, query: {}, receivedAt: 0 };

/** A "Get Conversation" body → the conversation's snapshot as an event; throws naming every unmapped field. */
export function helpscoutConversationEvent(body: unknown, config: HelpscoutConfig): TicketEvent {
  const result = normalizeHelpscout(body, DELIVERY, config);
  if (!result.ok) throw unmappedTicket('the Help Scout conversation', result.errors);
  const event = result.events[0];
  if (event === undefined) throw new TicketReadError('the Help Scout conversation does not map to a ticket');
  return { ...event, eventId: resyncEventId(event.ticket.id, event.occurredAt) };
}
