/**
 * Write-back to Zendesk (verified: developer.zendesk.com, Tickets API "Update Ticket" and
 * "Ticket comments"): `PUT https://<subdomain>.zendesk.com/api/v2/tickets/{id}.json` with
 * `{"ticket":{"comment":{"body":"…","public":false}}}` adds an internal note (`public: false`
 * is an internal note), and `{"ticket":{"custom_fields":[{"id":N,"value":"…"}]}}` sets a
 * custom field. Authentication is HTTP basic with `<email>/token` and the API token.
 *
 * A Zendesk date field takes only `YYYY-MM-DD` (`due_field.format: date`, the date in
 * `due_field.timezone`); a text field gets the ISO instant (`format: datetime`, the default).
 * The note is written by the API user, so set `api_user_id` to keep the webhook it fires
 * from coming back as ticket activity.
 */
import type { TicketWriter } from '../../src/events.js';
import { createWriteBackHttp, WriteBackError, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import type { ZendeskConfig } from './zendesk-config.js';

export interface ZendeskWriterOptions {
  /** Injected for tests: how the client waits before an in-place retry. */
  sleep?: WriteBackHttpOptions['sleep'];
  timeoutMs?: number;
}

/** The writer, or undefined when the config has no `write_back` credentials. */
export function createZendeskWriter(config: ZendeskConfig, options: ZendeskWriterOptions = {}): TicketWriter | undefined {
  const creds = config.write_back;
  if (creds === undefined) return undefined;
  const http = createWriteBackHttp({
    baseURL: `https://${config.subdomain}.zendesk.com`,
    auth: { username: `${creds.email}/token`, password: creds.api_token },
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const put = async (ticketId: string, ticket: Record<string, unknown>): Promise<void> => {
    await http.send('PUT', ticketPath(ticketId), { ticket });
  };
  const due = config.due_field;
  return {
    addInternalNote: (ticketId, text) => put(ticketId, { comment: { body: text, public: false } }),
    ...(due === undefined
      ? {}
      : { setDueField: (ticketId: string, dueAt: number) => put(ticketId, { custom_fields: [{ id: due.id, value: formatDue(dueAt, due.format, due.timezone) }] }) }),
  };
}

/** `/api/v2/tickets/{id}.json`; a Zendesk ticket id is digits, anything else is refused before sending. */
function ticketPath(ticketId: string): string {
  if (!/^\d{1,20}$/.test(ticketId)) throw new WriteBackError(`Zendesk ticket ids are digits; got ${JSON.stringify(ticketId.slice(0, 40))}`, false);
  return `/api/v2/tickets/${ticketId}.json`;
}

/** The ISO instant, or the date (YYYY-MM-DD) the instant falls on in `zone`. */
export function formatDue(dueAt: number, format: 'datetime' | 'date', zone: string): string {
  const date = new Date(dueAt);
  if (format === 'datetime') return date.toISOString();
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
